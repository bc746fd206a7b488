package io.cloudroutes.standalone;

import io.cloudroutes.core.config.Env;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the all-in-one process is set up.
 *
 * @param dataDirectory  where embedded PostgreSQL and Redis keep their data (kept across restarts)
 * @param databaseUrl    JDBC URL of an external PostgreSQL, or null to run an embedded one
 * @param redisUrl       URL of an external Redis, or null to run an embedded one
 * @param webPort        port of the web UI (0 picks a free one)
 * @param zone           zone of the in-process worker
 * @param properties     extra Spring properties for crweb and crbridge (e.g. {@code spring.mail.host})
 */
public record StandaloneConfig(
        Path dataDirectory,
        String databaseUrl,
        String redisUrl,
        int webPort,
        String zone,
        Map<String, String> properties) {

    public StandaloneConfig {
        properties = Map.copyOf(properties);
    }

    /**
     * Reads CLOUDROUTES_DATA_DIR (default ./cloudroutes-data), CLOUDROUTES_DATABASE_URL, CLOUDROUTES_REDIS_URL,
     * CLOUDROUTES_PORT (default 8080) and CLOUDROUTES_ZONE (default "default"). Everything else (SMTP, credentials)
     * the processes read from the environment themselves.
     */
    public static StandaloneConfig fromEnv(Env env) {
        return new StandaloneConfig(
                Path.of(env.get("CLOUDROUTES_DATA_DIR", "cloudroutes-data")).toAbsolutePath(),
                env.get("CLOUDROUTES_DATABASE_URL", null),
                env.get("CLOUDROUTES_REDIS_URL", null),
                env.getInt("CLOUDROUTES_PORT", 8080, 0, 65535),
                env.get("CLOUDROUTES_ZONE", "default"),
                Map.of());
    }
}
