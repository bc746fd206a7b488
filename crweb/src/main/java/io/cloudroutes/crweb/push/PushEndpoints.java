package io.cloudroutes.crweb.push;

import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The exact URLs a sender posts a pushed monitor's results to, built from the {@link PublicUrl} so that what the
 * page shows can be pasted into Datadog, Alertmanager or a script as it is. Available to templates as
 * {@code @pushEndpoints}.
 */
@Component("pushEndpoints")
public class PushEndpoints {

    /** Stands for the secret in URLs shown after the secret itself is no longer shown. */
    public static final String SECRET_PLACEHOLDER = "<secret>";

    private final PublicUrl publicUrl;

    PushEndpoints(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The endpoints of the monitor with the secret left as {@value #SECRET_PLACEHOLDER}. */
    public List<PushEndpoint> forMonitor(Monitor monitor) {
        return forMonitor(monitor, SECRET_PLACEHOLDER);
    }

    /** The endpoints of the monitor; the secret appears only in URLs that carry it in the path. */
    public List<PushEndpoint> forMonitor(Monitor monitor, String secret) {
        long id = monitor.getId();
        String base = publicUrl.get();
        String webhooks = base + "/api/v1/webhooks/";
        return switch (monitor.getCheckType()) {
            case "datadog" -> List.of(new PushEndpoint("Datadog webhook URL", "POST", webhooks + "datadog/" + id));
            case "alertmanager" ->
                List.of(new PushEndpoint("Alertmanager webhook_configs url", "POST", webhooks + "alertmanager/" + id));
            case "webhook" ->
                List.of(
                        new PushEndpoint("Report a status (JSON body)", "POST", webhooks + "generic/" + id),
                        new PushEndpoint("Report failed", "GET", webhooks + "generic/" + id + "/" + secret + "/failed"),
                        new PushEndpoint(
                                "Report healthy", "GET", webhooks + "generic/" + id + "/" + secret + "/healthy"));
            case "heartbeat" ->
                List.of(
                        new PushEndpoint("Ping when the job succeeded", "GET or POST", base + "/ping/" + secret),
                        new PushEndpoint("Ping when it failed", "GET or POST", base + "/ping/" + secret + "/fail"),
                        new PushEndpoint(
                                "Ping with the job's exit code (0 = success)",
                                "GET or POST",
                                base + "/ping/" + secret + "/<exit-code>"));
            default -> List.of();
        };
    }

    /** One URL a sender calls. */
    public record PushEndpoint(String label, String method, String url) {}
}
