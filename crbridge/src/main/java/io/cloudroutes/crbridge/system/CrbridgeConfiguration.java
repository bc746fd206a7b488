package io.cloudroutes.crbridge.system;

import io.lettuce.core.RedisClient;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.StandardReactionServices;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clients crbridge shares between its parts: Redis, SMTP, HTTP. */
@Configuration(proxyBeanMethods = false)
class CrbridgeConfiguration {

    /** The time deadlines are judged by; a bean so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(CrbridgeProperties properties) {
        return RedisClient.create(properties.redis().url());
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    /** What reactions may use: SMTP (when configured), HTTP, and the UI's address for links. */
    @Bean
    ReactionServices reactionServices(CrbridgeProperties properties) {
        return StandardReactionServices.of(properties.smtp(), properties.mail().from(), properties.publicUrl());
    }
}
