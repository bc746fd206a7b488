package io.cloudroutes.crweb.system;

import io.cloudroutes.core.redis.ProcessRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis client crweb reads live state with. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(CrwebProperties properties) {
        RedisURI uri = RedisURI.create(properties.redis().url());
        // Pages must still render when Redis is away: fail fast instead of queueing commands for a minute.
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = ProcessRedisClient.create(uri);
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
