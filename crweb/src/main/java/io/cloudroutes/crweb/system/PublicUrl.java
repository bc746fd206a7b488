package io.cloudroutes.crweb.system;

import io.cloudroutes.core.config.PublicUrls;
import java.net.InetAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The base URL of every link crweb prints (push endpoints, the API's answers, links in test runs of reactions):
 * CLOUDROUTES_PUBLIC_URL when set, otherwise the address and the port this crweb really serves the UI on, which
 * for {@code CLOUDROUTES_PORT=0} is known only once the server has started. Rule: {@link PublicUrls}.
 */
@Component
public class PublicUrl implements ApplicationListener<WebServerInitializedEvent> {

    private static final int SPRING_DEFAULT_PORT = 8080;

    private final String configured;
    private final ObjectProvider<ServerProperties> server;
    private volatile int servedPort;

    PublicUrl(CrwebProperties properties, ObjectProvider<ServerProperties> server) {
        this.configured = properties.publicUrl();
        this.server = server;
    }

    /** The base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080} or {@code https://cr.example.com}. */
    public String get() {
        ServerProperties settings = server.getIfAvailable();
        int port = servedPort;
        if (port == 0) {
            // not served yet (or a test without a server): the configured port stands for the one it will be
            Integer configuredPort = settings == null ? null : settings.getPort();
            port = configuredPort == null || configuredPort == 0 ? SPRING_DEFAULT_PORT : configuredPort;
        }
        return PublicUrls.resolve(configured, settings == null ? null : host(settings.getAddress()), port);
    }

    /** Whether CLOUDROUTES_PUBLIC_URL was given, rather than worked out from where the UI is served. */
    public boolean configured() {
        return configured != null && !configured.isBlank();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // the main server only, not a separate management port
        if (event.getApplicationContext().getServerNamespace() == null) {
            servedPort = event.getWebServer().getPort();
        }
    }

    /** The address as the user wrote it: a host name stays a name, an IP address stays that address. */
    private static String host(InetAddress address) {
        if (address == null) {
            return null;
        }
        String written = address.toString();
        String name = written.substring(0, written.indexOf('/'));
        return name.isEmpty() ? address.getHostAddress() : name;
    }
}
