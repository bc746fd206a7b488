package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.ops.OpsAccess;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The token that guards crbridge's actuator ({@code cloudroutes.ops.token}, environment CLOUDROUTES_OPS_TOKEN): metrics
 * and {@code POST /actuator/rebuild} need {@code Authorization: Bearer <token>}; without one they answer on loopback
 * only. The same setting and rule as the cram processes' ({@link OpsAccess}).
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
