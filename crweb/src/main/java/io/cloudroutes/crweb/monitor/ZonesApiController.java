package io.cloudroutes.crweb.monitor;

import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The zones a monitor may be checked from, as the operator lists them (CLOUDROUTES_ZONES). */
@RestController
@Tag(name = "Types")
class ZonesApiController {

    private final ZoneProperties zones;

    ZonesApiController(ZoneProperties zones) {
        this.zones = zones;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/api/v1/zones")
    @Operation(summary = "The zones a monitor may name in 'zones'; a new monitor gets the first by default")
    List<String> zones() {
        return zones.zones();
    }
}
