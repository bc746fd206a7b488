package io.cloudroutes.crweb.system;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.OwnEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The egress guard test runs of reactions connect through, as the actioner's do: CLOUDROUTES_EGRESS_ALLOW opens
 * ranges, and CloudRoutes' own endpoints crweb knows (its database, Redis, its own port, and those the environment or
 * CLOUDROUTES_EGRESS_DENY names) stay refused. A setting that cannot be read stops crweb, naming it.
 */
@Configuration(proxyBeanMethods = false)
class EgressConfiguration {

    @Bean
    Egress egress(
            CrwebProperties properties,
            DataSourceProperties database,
            ObjectProvider<ServerProperties> server,
            ObjectProvider<ManagementServerProperties> management,
            Environment environment) {
        List<OwnEndpoint> own = new ArrayList<>();
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own PostgreSQL", database.getUrl()));
        own.addAll(
                OwnEndpoint.fromUrl("CloudRoutes' own Redis", properties.redis().url()));
        Integer web = server.getIfAvailable(ServerProperties::new).getPort();
        if (web != null && web > 0) {
            own.add(OwnEndpoint.thisHost("CloudRoutes' own web endpoint", web));
        }
        Integer ops = management.getIfAvailable(ManagementServerProperties::new).getPort();
        if (ops != null && ops > 0) {
            own.add(OwnEndpoint.thisHost("CloudRoutes' own ops endpoint", ops));
        }
        // the settings every process reads for its egress guard, through the one reader over Spring's properties
        return Egress.fromEnv(Env.fromDottedProperties(environment::getProperty), own);
    }
}
