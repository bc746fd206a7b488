package io.cloudroutes.crweb.push;

import io.cloudroutes.checks.push.PushUrl;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The exact URLs a sender calls with a pushed monitor's results, as its check type's routes give them, built from the
 * {@link PublicUrl} so that what the page shows can be pasted into Datadog, Alertmanager or a script as it is.
 * Available to templates as {@code @pushEndpoints}.
 */
@Component("pushEndpoints")
public class PushEndpoints {

    /** Stands for the secret in URLs shown after the secret itself is no longer shown. */
    public static final String SECRET_PLACEHOLDER = "<secret>";

    private final PublicUrl publicUrl;
    private final PushRoutes routes;

    PushEndpoints(PublicUrl publicUrl, PushRoutes routes) {
        this.publicUrl = publicUrl;
        this.routes = routes;
    }

    /** The endpoints of the monitor with the secret left as {@value #SECRET_PLACEHOLDER}. */
    public List<PushEndpoint> forMonitor(Monitor monitor) {
        return forMonitor(monitor, SECRET_PLACEHOLDER);
    }

    /** The endpoints of the monitor; the secret appears only in URLs that carry it in the path. */
    public List<PushEndpoint> forMonitor(Monitor monitor, String secret) {
        return urls(monitor, secret).stream()
                .map(url -> new PushEndpoint(url.label(), url.method(), url.url()))
                .toList();
    }

    /** The same URLs as its check type's routes give them, for the type's own use (its setup guide). */
    public List<PushUrl> urls(Monitor monitor, String secret) {
        return routes.urls(monitor.getCheckType(), publicUrl.get(), monitor.getId(), secret);
    }

    /** One URL a sender calls. */
    // Serializable: shown once through a flash attribute, which lives in the session store until the next page
    public record PushEndpoint(String label, String method, String url) implements java.io.Serializable {}
}
