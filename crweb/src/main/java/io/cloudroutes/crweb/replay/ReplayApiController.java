package io.cloudroutes.crweb.replay;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Replays through the REST API, checked and scoped exactly as on the pages. */
@RestController
@Tag(name = "Replays")
class ReplayApiController {

    private final Replays replays;

    ReplayApiController(Replays replays) {
        this.replays = replays;
    }

    /** A replay as asked for; {@code runs} and {@code summary} once {@code state} is DONE. */
    record ReplayView(Replays.Replay replay, String summary, long wouldRun) {}

    @Requires(Permission.EDIT)
    @PostMapping("/api/v1/monitors/{id}/replays")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Replay the monitor's stored results for a proposed reaction (never saved); an actioner carries "
                    + "it out, GET the replay for its result")
    ReplayView request(ActiveTeam team, @PathVariable("id") long monitorId, @RequestBody Replays.Proposal proposal) {
        return switch (replays.request(team, monitorId, proposal)) {
            case SaveResult.Saved<Long>(var id) -> view(replays.get(team.id(), id));
            case SaveResult.Refused<Long>(var problems) -> throw ApiValidationException.from(problems, Map.of());
        };
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/replays/{replayId}")
    @Operation(summary = "A replay: its state, and once DONE each run the reaction would have made, and a summary")
    ReplayView get(ActiveTeam team, @PathVariable long replayId) {
        return view(replays.get(team.id(), replayId));
    }

    private static ReplayView view(Replays.Replay replay) {
        return new ReplayView(replay, replay.summary(), replay.wouldRun());
    }
}
