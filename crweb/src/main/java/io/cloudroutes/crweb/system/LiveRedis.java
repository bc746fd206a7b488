package io.cloudroutes.crweb.system;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The connection to the Redis that holds live state, opened on first use rather than at start: crweb starts and
 * serves pages while Redis is away, and shows live state once it is back (Lettuce reconnects by itself after that).
 */
public final class LiveRedis implements AutoCloseable {

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    LiveRedis(RedisClient client) {
        this.client = client;
    }

    /** The connection; throws a Lettuce exception when Redis cannot be reached. */
    public StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                connection = client.connect();
            }
            return connection;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
