package io.cloudroutes.crweb.breaker;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.breaker.TeamBreakerSettings.Limits;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The team's blast-radius breaker limits in the API: read by any member, set by an owner or admin. */
@RestController
@Tag(name = "Team")
class TeamBreakerApiController {

    private final TeamBreakerSettings settings;

    TeamBreakerApiController(TeamBreakerSettings settings) {
        this.settings = settings;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/team/breaker")
    @Operation(summary = "The team's blast-radius breaker limits; null: the operator's default")
    Limits get(ActiveTeam team) {
        return settings.of(team.id());
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PutMapping("/api/v1/team/breaker")
    @Operation(
            summary = "Set all four breaker limits; a limit left out or null returns to the operator's default"
                    + " (owners and admins; audited)")
    Limits put(ActiveTeam team, @RequestBody(required = false) Limits request) {
        Limits limits = request == null ? Limits.OPERATOR_DEFAULTS : request;
        Map<String, String> problems = TeamBreakerSettings.problems(limits);
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        settings.set(team, limits);
        return settings.of(team.id());
    }
}
