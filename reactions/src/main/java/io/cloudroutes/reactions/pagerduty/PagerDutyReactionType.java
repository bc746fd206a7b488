package io.cloudroutes.reactions.pagerduty;

import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Opens a PagerDuty incident when a monitor fails and resolves it when the monitor is healthy again, through the
 * Events API v2.
 */
public final class PagerDutyReactionType implements ReactionType {

    static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("routingKey", "Integration key", SettingType.TEXT)
                    .asRequired()
                    .asSecret()
                    .help("The 32-character Integration Key of an Events API v2 integration on the service"),
            Setting.of("severity", "Severity", SettingType.CHOICE)
                    .options("critical", "error", "warning", "info")
                    .withDefault("critical")
                    .help("The severity of the incident's alert"),
            Setting.of("eventsUrl", "Events API URL", SettingType.URL)
                    .withDefault(EVENTS_URL)
                    .help("Change only for a PagerDuty region or proxy with its own endpoint"));

    @Override
    public String id() {
        return "pagerduty";
    }

    @Override
    public String name() {
        return "PagerDuty incident";
    }

    @Override
    public String description() {
        return "Opens a PagerDuty incident on failure and resolves it on recovery.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.NOTIFY;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public boolean restoresOnRecovery() {
        return true;
    }

    @Override
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String key = values.get("routingKey");
        if (key != null && !key.isBlank() && !key.trim().matches("[A-Za-z0-9]{32}")) {
            errors.put(
                    "routingKey",
                    "Integration key must be the 32 letters and digits shown as Integration Key of an"
                            + " Events API v2 integration (Service → Integrations)");
        }
        return errors;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new PagerDutyReaction(
                new PagerDutyReaction.Config(
                        URI.create(settings.getOrDefault("eventsUrl", EVENTS_URL)),
                        settings.get("routingKey"),
                        settings.getOrDefault("severity", "critical")),
                services.http(),
                services.publicUrl());
    }
}
