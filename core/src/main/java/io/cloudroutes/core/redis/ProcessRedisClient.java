package io.cloudroutes.core.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client a process talks to CloudRoutes' Redis with, from CLOUDROUTES_REDIS_URL ({@code redis://…} or
 * {@code redis-sentinel://…#primary}). A lost connection is tried again at least every second, instead of Lettuce's
 * default back-off of up to 30 s, so that after a Sentinel failover each process finds the new primary (each attempt
 * asks the sentinels) within the 15 s users allow. Shutting the client down also shuts down its own resources.
 */
public final class ProcessRedisClient extends RedisClient {

    /** The longest pause between two reconnection attempts. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private ProcessRedisClient(ClientResources resources, RedisURI uri) {
        super(resources, uri);
    }

    /** A client for the URL. */
    public static RedisClient create(String url) {
        return create(RedisURI.create(url));
    }

    /** A client for the URI (e.g. one with a timeout of its own). */
    public static RedisClient create(RedisURI uri) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        return new ProcessRedisClient(resources, uri);
    }

    @Override
    public CompletableFuture<Void> shutdownAsync(long quietPeriod, long timeout, TimeUnit timeUnit) {
        return super.shutdownAsync(quietPeriod, timeout, timeUnit).thenCompose(done -> {
            CompletableFuture<Void> resources = new CompletableFuture<>();
            getResources().shutdown(quietPeriod, timeout, timeUnit).addListener(future -> resources.complete(null));
            return resources;
        });
    }
}
