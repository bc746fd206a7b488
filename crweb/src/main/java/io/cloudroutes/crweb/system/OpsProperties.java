package io.cloudroutes.crweb.system;

import io.cloudroutes.core.ops.OpsAccess;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The token that guards crweb's actuator beyond its health probes ({@code cloudroutes.ops.token}, environment
 * CLOUDROUTES_OPS_TOKEN): {@code /actuator/prometheus} answers only requests with {@code Authorization: Bearer <token>},
 * and nobody at all without a token, since crweb's port is the public one. The same setting and rule as the other
 * processes' ({@link OpsAccess}).
 */
@ConfigurationProperties("cloudroutes.ops")
public record OpsProperties(String token) {

    /** A token that is too short stops the process at start, by the rule every process holds it to. */
    public OpsProperties {
        OpsAccess.of(token);
    }

    public OpsAccess access() {
        return OpsAccess.of(token);
    }
}
