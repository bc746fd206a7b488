package io.cloudroutes.crweb.shadow;

import io.cloudroutes.crweb.api.ApiValidationException;
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

/** The team's shadow mode in the API: read by any member, switched by an owner or admin. */
@RestController
@Tag(name = "Team")
class ShadowModeApiController {

    /** Whether the team is in shadow mode. */
    record ShadowModeView(Boolean enabled) {}

    private final ShadowModes shadowModes;

    ShadowModeApiController(ShadowModes shadowModes) {
        this.shadowModes = shadowModes;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/team/shadow-mode")
    @Operation(summary = "Whether the team is in shadow mode (reactions recorded as WOULD_RUN, nothing acts)")
    ShadowModeView get(ActiveTeam team) {
        return new ShadowModeView(shadowModes.isOn(team.id()));
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PutMapping("/api/v1/team/shadow-mode")
    @Operation(summary = "Switch shadow mode on or off (owners and admins; audited)")
    ShadowModeView put(ActiveTeam team, @RequestBody(required = false) ShadowModeView request) {
        if (request == null || request.enabled() == null) {
            throw new ApiValidationException(
                    Map.of("enabled", "say whether shadow mode is on: {\"enabled\": true} or {\"enabled\": false}"));
        }
        shadowModes.set(team, request.enabled());
        return new ShadowModeView(request.enabled());
    }
}
