package io.cloudroutes.crweb.webhook;

import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.store.monitor.Monitor;
import org.springframework.stereotype.Component;

/**
 * What to paste into the sender, as the monitor page shows it: the Datadog payload template this endpoint reads and
 * the Alertmanager receiver for the monitor. Available to templates as {@code @pushInstructions}.
 */
@Component("pushInstructions")
public class PushInstructions {

    private final PushEndpoints endpoints;

    PushInstructions(PushEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The Datadog webhook's Payload, with Datadog's variables, exactly as the Datadog endpoint reads it. */
    public String datadogPayload() {
        return DatadogWebhookController.PAYLOAD_TEMPLATE;
    }

    /** The Datadog webhook's Custom Headers, with {@code secret} (or a placeholder for it). */
    public String datadogHeaders(String secret) {
        return "{\"" + WebhookGate.SECRET_HEADER + "\": \""
                + (secret == null ? PushEndpoints.SECRET_PLACEHOLDER : secret) + "\"}";
    }

    /** The route and receiver to add to alertmanager.yml for the monitor. */
    public String alertmanagerConfig(Monitor monitor) {
        String name = "cloudroutes-" + monitor.getId();
        String url = endpoints.forMonitor(monitor).getFirst().url();
        return """
                route:
                  routes:
                    - matchers: ['service="checkout"']   # the alerts this monitor follows
                      receiver: %1$s
                      continue: true                     # keep notifying people as well

                receivers:
                  - name: %1$s
                    webhook_configs:
                      - url: %2$s
                        send_resolved: true              # without it the monitor never recovers
                        max_alerts: 0                    # send every alert
                        http_config:
                          authorization:
                            type: Bearer
                            credentials_file: /etc/alertmanager/%1$s.secret   # holds the monitor's secret
                """.formatted(name, url);
    }
}
