package io.cloudroutes.crweb.system;

import io.cloudroutes.core.redis.RedisUrls;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis client crweb reads live state with. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    /** Lettuce's threads, reconnecting at least every second (to follow a Sentinel failover quickly). */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(10), RedisUrls.MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(CrwebProperties properties, ClientResources redisResources) {
        RedisURI uri = RedisURI.create(properties.redis().url());
        // Pages must still render when Redis is away: fail fast instead of queueing commands for a minute.
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(redisResources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    @Bean(destroyMethod = "close")
    LiveRedis liveRedis(RedisClient client) {
        return new LiveRedis(client);
    }
}
