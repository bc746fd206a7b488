package io.cloudroutes.crweb.run;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A reaction run with its explanation, in the API. */
@RestController
@Tag(name = "Reaction runs")
@RequestMapping("/api/v1/reaction-runs")
class ReactionRunApiController {

    private final ReactionRunDetails runs;

    ReactionRunApiController(ReactionRunDetails runs) {
        this.runs = runs;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}")
    @Operation(summary = "A reaction run: outcome, output, attempts, hold, and why it ran (votes, rule, verdicts)")
    ReactionRunDetails.RunDetail run(ActiveTeam team, @PathVariable long id) {
        return runs.get(team.id(), id);
    }
}
