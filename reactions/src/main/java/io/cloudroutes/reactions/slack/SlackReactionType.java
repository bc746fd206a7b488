package io.cloudroutes.reactions.slack;

import com.samskivert.mustache.Template;
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
import io.cloudroutes.reactions.support.Templates;
import java.util.List;
import java.util.Map;

/** Posts a message to a Slack channel through an incoming webhook. */
public final class SlackReactionType implements ReactionType {

    static final String DEFAULT_TEMPLATE = "{{#isFailed}}:red_circle:{{/isFailed}}{{#isHealthy}}:large_green_circle:"
            + "{{/isHealthy}} *{{monitorName}}* is {{to}} (was {{from}}): {{reason}}\n<{{monitorUrl}}|Open in CloudRoutes>";

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("webhookUrl", "Webhook URL", SettingType.URL)
                    .asRequired()
                    .asSecret()
                    .help("The incoming webhook's URL, https://hooks.slack.com/services/…; it is the credential"),
            Setting.of("template", "Message template", SettingType.TEXTAREA)
                    .withDefault(DEFAULT_TEMPLATE)
                    .help("Mustache template of the message text (Slack mrkdwn); values have & < > escaped"));

    @Override
    public String id() {
        return "slack";
    }

    @Override
    public String name() {
        return "Slack message";
    }

    @Override
    public boolean notifiesBothWays() {
        return true;
    }

    @Override
    public String description() {
        return "Posts a message to a Slack channel through an incoming webhook.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.NOTIFY;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<SlackReaction.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, SlackReactionType::read);
    }

    private static SlackReaction.Config read(SettingValues values) {
        Template template = Templates.read(values, "template", "Message template", Templates.Escaping.SLACK);
        if (values.anyRejected()) {
            return null;
        }
        return new SlackReaction.Config(SettingReads.uri(values, "webhookUrl"), template);
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new SlackReaction(parse(settings).orThrow(), services.http(), services.publicUrl());
    }
}
