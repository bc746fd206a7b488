package io.cloudroutes.checks.datadog;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.SecretPlace;
import io.cloudroutes.checks.push.SetupGuide;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A monitor whose status Datadog decides: a Datadog monitor notifies CloudRoutes through the Webhooks integration, and
 * each alert transition (Triggered, Recovered, …) becomes a result; {@link DatadogTransitions} says which.
 *
 * <p>{@code warnAs} says what a Datadog warning means here. It defaults to IGNORE because a warning is Datadog's
 * "getting close" threshold, not an outage: failing a site over to its standby on a warning would be a false
 * failover, which CloudRoutes treats as being as bad as a missed one. Users who want warnings to act choose FAILED.
 */
public final class DatadogCheckType implements PushedCheckType {

    /** The setting that says what a Warn transition means. */
    public static final String WARN_AS = "warnAs";

    private static final List<Setting> SETTINGS =
            List.of(Setting.of(WARN_AS, "Treat a Datadog warning as", SettingType.CHOICE)
                    .options("IGNORE", "FAILED", "HEALTHY")
                    .withDefault("IGNORE")
                    .help("IGNORE (default) records nothing for Warn, Re-Warn, Warn Recovered and the Renotify of a "
                            + "warning, so a warning never fails a site over; FAILED counts a warning as a failure; "
                            + "HEALTHY counts it as healthy"));

    @Override
    public String id() {
        return "datadog";
    }

    @Override
    public String name() {
        return "Datadog monitor (webhook)";
    }

    @Override
    public String description() {
        return "A Datadog monitor decides: its webhook notifications (Triggered, Recovered, …) set the status.";
    }

    @Override
    public int rank() {
        return 20;
    }

    /** Who sends the results. */
    @Override
    public String target(Map<String, String> settings) {
        return "sent by a Datadog monitor's webhook";
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** Datadog's Webhooks integration posts the payload template {@link #payloadTemplate()} fills in. */
    @Override
    public List<PushRoute> routes() {
        return List.of(
                new JsonWebhook("datadog", SecretPlace.HEADER_OR_BODY, "Datadog webhook URL", DatadogWebhook::read));
    }

    /** The Payload to paste into Datadog's webhook, and the Custom Headers that carry the secret. */
    @Override
    public Optional<SetupGuide> setupGuide(SetupGuide.Monitor monitor) {
        return Optional.of(new SetupGuide(
                "Set up the webhook in Datadog",
                "In Datadog, **Integrations → Webhooks → New**: paste the URL above, this **Payload** (Datadog fills "
                        + "in the `$` variables), and these **Custom Headers**. Then mention the webhook "
                        + "(`@webhook-<name>`) in the message of each Datadog monitor that should drive this one.",
                List.of(
                        new SetupGuide.Snippet("payload", "Payload", DatadogWebhook.PAYLOAD_TEMPLATE),
                        new SetupGuide.Snippet(
                                "headers",
                                "Custom Headers",
                                "{\"" + PushRoute.SECRET_HEADER + "\": \"" + monitor.secret() + "\"}"))));
    }
}
