package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.ZoneNames;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
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
        List<@Pattern(regexp = ZoneNames.REGEX, message = "must be zone names: " + ZoneNames.RULE) String> zones) {

    public ZoneProperties {
        zones = List.copyOf(zones);
    }

    /** The zone a new monitor starts with: the first listed. */
    public String first() {
        return zones.getFirst();
    }
}
