package io.cloudroutes.standalone;

import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.config.RedisUrl;
import io.cloudroutes.core.secret.SecretBox;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the all-in-one process is set up.
 *
 * @param dataDirectory    what the standalone keeps across restarts: the embedded PostgreSQL's and Redis' data, the
 *                         embedded Redis' password and, unless one is given, the secret key
 * @param databaseUrl      JDBC URL of an external PostgreSQL, or null to run an embedded one
 * @param databaseUsername user of the external PostgreSQL (null: crweb's and crbridge's default, {@code cloudroutes})
 * @param databasePassword password of the external PostgreSQL (null: their default, {@code cloudroutes})
 * @param redisUrl         URL of an external Redis, or null to run an embedded one
 * @param address          address the web UI listens on: 127.0.0.1 (this machine only) unless set, 0.0.0.0 for every
 *                         interface
 * @param webPort          port of the web UI (0 picks a free one)
 * @param zone             zone of the in-process worker
 * @param secretKey        key that encrypts secret settings, or null to keep one in the data directory
 * @param properties       extra Spring properties for crweb and crbridge (e.g. {@code cloudroutes.smtp.host})
 */
public record StandaloneConfig(
        Path dataDirectory,
        String databaseUrl,
        String databaseUsername,
        String databasePassword,
        String redisUrl,
        String address,
        int webPort,
        String zone,
        String secretKey,
        Map<String, String> properties) {

    /** The standalone is one person's machine by default: its UI is reachable from that machine only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    /**
     * Checks the settings other processes read too by the rules they read them with, before anything starts: the Redis
     * URL ({@link RedisUrl}), the worker's zone ({@link ZoneNames}), the secret key ({@link SecretBox}).
     */
    public StandaloneConfig {
        if (redisUrl != null) {
            redisUrl = RedisUrl.check(redisUrl);
        }
        ZoneNames.require(zone, "CLOUDROUTES_ZONE");
        SecretBox.fromOptionalBase64(secretKey);
        properties = Map.copyOf(properties);
    }

    /** Embedded or given databases, the UI on loopback, a key kept in the data directory. */
    public StandaloneConfig(
            Path dataDirectory,
            String databaseUrl,
            String redisUrl,
            int webPort,
            String zone,
            Map<String, String> properties) {
        this(dataDirectory, databaseUrl, null, null, redisUrl, DEFAULT_ADDRESS, webPort, zone, null, properties);
    }

    /**
     * Reads CLOUDROUTES_DATA_DIR (default ./cloudroutes-data), CLOUDROUTES_DATABASE_URL (with _USERNAME and
     * _PASSWORD), CLOUDROUTES_REDIS_URL, CLOUDROUTES_ADDRESS (default 127.0.0.1), CLOUDROUTES_PORT (default 8080),
     * CLOUDROUTES_ZONE (default "default") and CLOUDROUTES_SECRET_KEY; {@code properties} go to crweb and crbridge.
     * Everything else (SMTP, the public URL) the processes read from the environment themselves.
     */
    public static StandaloneConfig fromEnv(Env env, Map<String, String> properties) {
        return new StandaloneConfig(
                Path.of(env.get("CLOUDROUTES_DATA_DIR", "cloudroutes-data")).toAbsolutePath(),
                env.get("CLOUDROUTES_DATABASE_URL", null),
                env.get("CLOUDROUTES_DATABASE_USERNAME", null),
                env.get("CLOUDROUTES_DATABASE_PASSWORD", null),
                env.get(RedisUrl.VARIABLE, null),
                env.get("CLOUDROUTES_ADDRESS", DEFAULT_ADDRESS),
                env.getInt("CLOUDROUTES_PORT", 8080, 0, 65535),
                env.get("CLOUDROUTES_ZONE", "default"),
                env.get(SecretBox.KEY_VARIABLE, null),
                properties);
    }
}
