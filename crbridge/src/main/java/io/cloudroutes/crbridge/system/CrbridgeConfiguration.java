package io.cloudroutes.crbridge.system;

import io.lettuce.core.RedisClient;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.StandardReactionServices;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clients crbridge shares between its parts: Redis, SMTP, HTTP. */
@Configuration(proxyBeanMethods = false)
class CrbridgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CrbridgeConfiguration.class);

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
        String linkBase = properties.linkBase();
        if (properties.publicUrl() == null || properties.publicUrl().isBlank()) {
            log.warn("CLOUDROUTES_PUBLIC_URL is not set: links in notifications start with {}, worked out from "
                    + "CLOUDROUTES_ADDRESS and CLOUDROUTES_PORT; set it to the address people open crweb at",
                    linkBase);
        }
        return StandardReactionServices.of(properties.smtp(), properties.mail().from(), linkBase);
    }
}
