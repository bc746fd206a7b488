package io.cloudroutes.reactions.email;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import java.util.List;
import java.util.Map;

/** Emails people about a transition, through the SMTP server the actioner is configured with. */
public final class EmailReactionType implements ReactionType {

    static final String DEFAULT_SUBJECT = "[CloudRoutes] {monitor} is {status}";

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("to", "Recipients", SettingType.EMAIL).asRequired()
                    .help("One address, or several separated by commas"),
            Setting.of("subject", "Subject", SettingType.TEXT).withDefault(DEFAULT_SUBJECT)
                    .help("Placeholders: {monitor} {status} {from} {reason}"));

    @Override
    public String id() {
        return "email";
    }

    @Override
    public String name() {
        return "Email";
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new EmailReaction(settings.get("to"), settings.getOrDefault("subject", DEFAULT_SUBJECT), services);
    }
}
