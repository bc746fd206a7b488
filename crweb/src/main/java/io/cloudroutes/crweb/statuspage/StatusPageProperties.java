package io.cloudroutes.crweb.statuspage;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Public status pages, bound from {@code cloudroutes.status-pages.*} (environment: CLOUDROUTES_STATUS_PAGES_…).
 *
 * @param cacheFor how long a rendered page (and its JSON) is served from memory before it is built again, and the
 *                 {@code max-age} browsers and proxies are told; a change to the page shows at once on the crweb that
 *                 made it, live statuses within this time
 */
@Validated
@ConfigurationProperties("cloudroutes.status-pages")
record StatusPageProperties(@NotNull @DefaultValue("10s") Duration cacheFor) {

    StatusPageProperties {
        if (cacheFor != null && (cacheFor.isNegative() || cacheFor.compareTo(Duration.ofMinutes(10)) > 0)) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.cache-for must be between 0s and 10m, got " + cacheFor);
        }
    }
}
