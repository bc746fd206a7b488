package io.cloudroutes.crweb.limit;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The largest request bodies crweb reads, bound from {@code cloudroutes.limits.*} (environment:
 * CLOUDROUTES_LIMITS_REQUEST_BODY, CLOUDROUTES_LIMITS_PUSHED_BODY). A larger body is answered 413 before it is read,
 * and no body ever costs crweb more memory than the larger of the two (see {@link BodyCapFilter}).
 *
 * @param requestBody the REST API's JSON bodies and the pages' form posts (1 MiB by default)
 * @param pushedBody  webhook deliveries and heartbeat pings (1 MiB by default): raise it apart from the API's when an
 *                    Alertmanager notification with many alerts or the log a job attaches to its ping is larger, as a
 *                    refused delivery is a lost one
 */
@Validated
@ConfigurationProperties("cloudroutes.limits")
public record RequestLimits(
        @NotNull @DefaultValue("1MB") DataSize requestBody,
        @NotNull @DefaultValue("1MB") DataSize pushedBody) {

    public RequestLimits {
        if (requestBody != null && requestBody.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "cloudroutes.limits.request-body must be at least 1KB, got " + requestBody);
        }
        if (pushedBody != null && pushedBody.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "cloudroutes.limits.pushed-body must be at least 1KB, got " + pushedBody);
        }
    }

    /** The most any request may make crweb read of its body, whatever the endpoint: the larger limit. */
    public long capBytes() {
        return Math.max(requestBody.toBytes(), pushedBody.toBytes());
    }
}
