package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.ops.OpsAccess;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The token that guards crbridge's actuator ({@code cloudroutes.ops.token}, environment CLOUDROUTES_OPS_TOKEN): metrics
 * and {@code POST /actuator/rebuild} need {@code Authorization: Bearer <token>}; without one they answer on loopback
 * only.
 */
@ConfigurationProperties("cloudroutes.ops")
public record OpsProperties(String token) {

    public OpsAccess access() {
        return OpsAccess.of(token);
    }
}
