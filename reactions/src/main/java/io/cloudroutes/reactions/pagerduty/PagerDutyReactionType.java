package io.cloudroutes.reactions.pagerduty;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.SettingReads;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens a PagerDuty incident when a monitor fails and resolves it when the monitor is healthy again, through the
 * Events API v2.
 */
public final class PagerDutyReactionType implements ReactionType {

    static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

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
    public Parsed<PagerDutyReaction.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, PagerDutyReactionType::read);
    }

    private static PagerDutyReaction.Config read(SettingValues values) {
        String routingKey = SettingReads.matching(
                values,
                "routingKey",
                ROUTING_KEY,
                "Integration key must be the 32 letters and digits shown as Integration Key of an"
                        + " Events API v2 integration (Service → Integrations)");
        if (values.anyRejected()) {
            return null;
        }
        return new PagerDutyReaction.Config(SettingReads.uri(values, "eventsUrl"), routingKey, values.text("severity"));
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new PagerDutyReaction(parse(settings).orThrow(), services.http(), services.publicUrl());
    }
}
