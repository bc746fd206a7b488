package io.cloudroutes.reactions.slack;

import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.Templates;
import java.net.URI;
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
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String template = values.get("template");
        if (template != null && !template.isBlank()) {
            String problem = Templates.problem(template, Templates.Escaping.SLACK);
            if (problem != null) {
                errors.put("template", "Message template: " + problem);
            }
        }
        return errors;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new SlackReaction(
                URI.create(settings.get("webhookUrl")),
                Templates.compile(settings.getOrDefault("template", DEFAULT_TEMPLATE), Templates.Escaping.SLACK),
                services.http(),
                services.publicUrl());
    }
}
