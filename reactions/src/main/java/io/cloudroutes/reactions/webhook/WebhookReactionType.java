package io.cloudroutes.reactions.webhook;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.plugin.HeaderLines;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.SettingReads;
import io.cloudroutes.reactions.support.Templates;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Sends a description of the transition to a URL: the default JSON body, or the user's body template. */
public final class WebhookReactionType implements ReactionType {

    static final String DEFAULT_CONTENT_TYPE = "application/json";

    private static final Pattern CONTENT_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[^\\s;]+(\\s*;.*)?");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("url", "URL", SettingType.URL).asRequired().help("Receives the request on each run"),
            Setting.of("method", "Method", SettingType.CHOICE)
                    .options("POST", "PUT", "PATCH")
                    .withDefault("POST"),
            Setting.of("headers", "Headers", SettingType.HEADERS)
                    .asSecret()
                    .help("Optional, one 'Name: value' per line, e.g. Authorization: Bearer …; kept secret like a"
                            + " password, since headers often carry credentials"),
            Setting.of("contentType", "Content type", SettingType.TEXT)
                    .withDefault(DEFAULT_CONTENT_TYPE)
                    .help("Sent as Content-Type; with a JSON type, template values are escaped for JSON strings"),
            Setting.of("bodyTemplate", "Body template", SettingType.TEXTAREA)
                    .help("Optional Mustache template, e.g. {\"text\": \"{{monitorName}} is {{to}}\"}; empty sends the"
                            + " default JSON body"));

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public String name() {
        return "Webhook";
    }

    @Override
    public boolean notifiesBothWays() {
        return true;
    }

    @Override
    public String description() {
        return "Posts the change as JSON (or your own body) to a URL: chat tools, ticketing, your own service.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.NOTIFY;
    }

    @Override
    public int rank() {
        return 40;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<WebhookReaction.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, WebhookReactionType::read);
    }

    private static WebhookReaction.Config read(SettingValues values) {
        String contentType = values.text("contentType");
        Template bodyTemplate = Templates.read(values, "bodyTemplate", "Body template", escaping(contentType));
        Map<String, String> headers = HeaderLines.parse(values.text("headers"));
        headers.keySet().stream()
                .map(HttpCalls::headerProblem)
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(problem -> values.reject("headers", "Headers: " + problem));
        if (contentType != null && !CONTENT_TYPE.matcher(contentType).matches()) {
            values.reject(
                    "contentType",
                    "Content type must be a media type such as application/json or text/plain; charset=utf-8");
        }
        if (values.anyRejected()) {
            return null;
        }
        return new WebhookReaction.Config(
                SettingReads.uri(values, "url"), values.text("method"), contentType, bodyTemplate, headers);
    }

    /** JSON-escaped values for a JSON body (application/json, application/*+json), values as they are otherwise. */
    static Templates.Escaping escaping(String contentType) {
        String type = contentType == null || contentType.isBlank()
                ? DEFAULT_CONTENT_TYPE
                : contentType.trim().toLowerCase(Locale.ROOT);
        String media = type.split(";")[0].trim();
        return media.equals("application/json") || media.endsWith("+json")
                ? Templates.Escaping.JSON
                : Templates.Escaping.NONE;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new WebhookReaction(parse(settings).orThrow(), services.http(), services.publicUrl());
    }
}
