package io.cloudroutes.reactions.webhook;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.core.plugin.HeaderLines;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** POSTs a JSON description of the transition to a URL. */
public final class WebhookReactionType implements ReactionType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("url", "URL", SettingType.URL).asRequired().help("Receives a JSON POST on each run"),
            Setting.of("headers", "Headers", SettingType.HEADERS)
                    .help("Optional, one 'Name: value' per line, e.g. Authorization: Bearer …"));

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public String name() {
        return "Webhook (JSON POST)";
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new WebhookReaction(URI.create(settings.get("url")), HeaderLines.parse(settings.get("headers")),
                services.httpClient());
    }
}
