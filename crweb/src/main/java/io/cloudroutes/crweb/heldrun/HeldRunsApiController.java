package io.cloudroutes.crweb.heldrun;

import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.reaction.HeldRuns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The team's held runs through the REST API, released exactly as on the page. */
@RestController
@RequestMapping("/api/v1/held-runs")
@Tag(name = "Held runs")
class HeldRunsApiController {

    private final HeldRunReleases releases;

    HeldRunsApiController(HeldRunReleases releases) {
        this.releases = releases;
    }

    /** A run a safeguard holds now. */
    record HeldRunView(
            long jobId,
            long monitorId,
            String monitorName,
            long reactionId,
            String reactionName,

            @Schema(allowableValues = {"BREAKER", "FLAPPING", "APPROVAL"})
            String kind,

            String reason,
            Instant since,

            @Schema(description = "when the safeguard looks again or gives up by itself; null: until released")
            Instant until) {

        static HeldRunView of(HeldRuns.HeldRun run) {
            return new HeldRunView(
                    run.jobId(),
                    run.monitorId(),
                    run.monitorName(),
                    run.reactionId(),
                    run.reactionName(),
                    run.kind(),
                    run.reason(),
                    run.since(),
                    run.until());
        }
    }

    /** What a release did: the runs it released (each runs now if its monitor still needs it). */
    record Released(int released, List<Long> jobIds) {}

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List the team's runs held now by a safeguard, oldest first")
    List<HeldRunView> list(ActiveTeam team) {
        return releases.list(team.id()).stream().map(HeldRunView::of).toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{jobId}/release")
    @Operation(
            summary = "Release one held run",
            description = "409 not_held when it is not held any more (released first by someone else, or finished)")
    ResponseEntity<?> release(ActiveTeam team, @PathVariable long jobId) {
        return releases.release(team, jobId)
                .<ResponseEntity<?>>map(run -> ResponseEntity.ok(new Released(1, List.of(run.jobId()))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(ApiError.of(
                                "not_held",
                                "run " + jobId + " is not held any more: it was released first or has finished; "
                                        + "nothing was changed")));
    }

    @Requires(Permission.EDIT)
    @PostMapping("/release")
    @Operation(summary = "Release every run of the team held now")
    Released releaseAll(ActiveTeam team) {
        List<Long> released = releases.releaseAll(team);
        return new Released(released.size(), released);
    }
}
