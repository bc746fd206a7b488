package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.ZoneNames;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The zones monitors may be checked from: {@code CLOUDROUTES_ZONES}, comma-separated, default {@code default}. The
 * operator lists the zones that have workers (each worker's {@code CLOUDROUTES_ZONE}); a monitor that names another
 * zone is refused, since no worker would ever check it there. The standalone adds its own worker's zone.
 */
@Validated
@ConfigurationProperties("cloudroutes")
public record ZoneProperties(
        @NotEmpty(message = "must list at least one zone, e.g. CLOUDROUTES_ZONES=default") @DefaultValue("default")
        List<String> zones) {

    public ZoneProperties {
        // the rule a worker's CLOUDROUTES_ZONE is held to
        zones = List.copyOf(ZoneNames.requireEach(zones, "CLOUDROUTES_ZONES"));
    }

    /** The zone a new monitor starts with: the first listed. */
    public String first() {
        return zones.getFirst();
    }
}
