package io.cloudroutes.crweb.push;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The delivery log of a pushed monitor through the REST API: the same entries as the monitor's page. */
@RestController
@Tag(name = "Monitors")
class DeliveriesApiController {

    private final PushedMonitors monitors;
    private final DeliveryLog deliveries;

    DeliveriesApiController(PushedMonitors monitors, DeliveryLog deliveries) {
        this.monitors = monitors;
        this.deliveries = deliveries;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/monitors/{id}/deliveries")
    @Operation(
            summary = "Recent deliveries to a webhook or heartbeat monitor",
            description = "The latest 50 webhook calls or pings of each kind (from senders with the monitor's secret, "
                    + "and refusals of senders without it), newest first: when, outcome (ACCEPTED, DUPLICATE, IGNORED, "
                    + "UNRECOGNIZED, REFUSED), the status answered, why, the transition or status reported, the start "
                    + "of the body with secrets masked (authenticated senders only) and the sender's address. "
                    + "'available' is false when Redis, where they are kept, cannot be reached. Empty for monitors "
                    + "that workers check.")
    RecentDeliveries deliveries(ActiveTeam team, @PathVariable long id) {
        monitors.owned(team.id(), id);
        return deliveries.recent(id);
    }
}
