package io.cloudroutes.checks.alertmanager;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.SecretPlace;
import io.cloudroutes.checks.push.SetupGuide;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A monitor whose status Prometheus Alertmanager decides: a receiver posts its notifications to CloudRoutes, and the
 * monitor is FAILED while any alert routed to it is firing and HEALTHY once all of them are resolved.
 */
public final class AlertmanagerCheckType implements PushedCheckType {

    @Override
    public String id() {
        return "alertmanager";
    }

    @Override
    public String name() {
        return "Prometheus Alertmanager (webhook)";
    }

    @Override
    public String description() {
        return "Prometheus Alertmanager decides: FAILED while an alert routed here fires, HEALTHY once all resolve.";
    }

    @Override
    public int rank() {
        return 30;
    }

    /** Who sends the results. */
    @Override
    public String target(Map<String, String> settings) {
        return "sent by a Prometheus Alertmanager receiver";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    /** A receiver's webhook_configs posts each notification; the secret is sent as a Bearer token. */
    @Override
    public List<PushRoute> routes() {
        return List.of(new JsonWebhook(
                "alertmanager",
                SecretPlace.HEADER,
                "Alertmanager webhook_configs url",
                AlertmanagerNotification::read));
    }

    /** The route and receiver to add to alertmanager.yml for the monitor. */
    @Override
    public Optional<SetupGuide> setupGuide(SetupGuide.Monitor monitor) {
        String name = "cloudroutes-" + monitor.id();
        String config = """
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
                """.formatted(name, monitor.urls().getFirst().url());
        return Optional.of(new SetupGuide(
                "Set up the receiver in Alertmanager",
                "Put the monitor's secret in the file named by `credentials_file` (readable by Alertmanager), add "
                        + "this to `alertmanager.yml` with matchers for the alerts this monitor follows, and reload "
                        + "Alertmanager.",
                List.of(new SetupGuide.Snippet("config", "alertmanager.yml", config))));
    }
}
