package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.redis.RedisUrls;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.cloudroutes.reactions.StandardReactionServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Clients crbridge shares between its parts: Redis, SMTP, HTTP. */
@Configuration(proxyBeanMethods = false)
class CrbridgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CrbridgeConfiguration.class);

    /** The time deadlines are judged by; a bean so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Lettuce's threads, reconnecting at least every second (to follow a Sentinel failover quickly). */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(10), RedisUrls.MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(CrbridgeProperties properties, ClientResources redisResources) {
        return RedisClient.create(
                redisResources, RedisURI.create(properties.redis().url()));
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    /**
     * The egress guard every reaction connects through: CLOUDROUTES_EGRESS_ALLOW opens ranges, and CloudRoutes' own
     * endpoints this actioner knows (its database, Redis, results socket, its own port, and those the environment or
     * CLOUDROUTES_EGRESS_DENY names) stay refused. A setting that cannot be read stops crbridge, naming it.
     */
    @Bean
    Egress egress(
            CrbridgeProperties properties,
            DataSourceProperties database,
            ObjectProvider<ServerProperties> server,
            ObjectProvider<ManagementServerProperties> management,
            Environment environment) {
        List<OwnEndpoint> own = new ArrayList<>();
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own PostgreSQL", database.getUrl()));
        own.addAll(
                OwnEndpoint.fromUrl("CloudRoutes' own Redis", properties.redis().url()));
        for (String results : ResultProtocol.endpoints(properties.results().endpoint())) {
            own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own results socket", results));
        }
        own.addAll(OwnEndpoint.fromUrl(
                "CloudRoutes' own results socket", properties.results().bindAddress()));
        // the actuator's ports, when crbridge serves them (in the standalone it serves none)
        for (Integer port : new Integer[] {
            server.getIfAvailable(ServerProperties::new).getPort(),
            management.getIfAvailable(ManagementServerProperties::new).getPort()
        }) {
            if (port != null && port > 0) {
                own.add(OwnEndpoint.thisHost("CloudRoutes' own ops endpoint", port));
            }
        }
        // the settings every process reads for its egress guard, through the one reader over Spring's properties
        return Egress.fromEnv(Env.fromDottedProperties(environment::getProperty), own);
    }

    /** What reactions may use: SMTP (when configured), HTTP through the egress guard, the UI's address for links. */
    @Bean(destroyMethod = "close")
    StandardReactionServices reactionServices(CrbridgeProperties properties, Egress egress) {
        String linkBase = properties.linkBase();
        if (properties.publicUrl() == null || properties.publicUrl().isBlank()) {
            log.warn(
                    "CLOUDROUTES_PUBLIC_URL is not set: links in notifications start with {}, worked out from "
                            + "CLOUDROUTES_ADDRESS and CLOUDROUTES_PORT; set it to the address people open crweb at",
                    linkBase);
        }
        return StandardReactionServices.of(properties.smtp(), properties.mail().from(), linkBase, egress);
    }
}
