package io.cloudroutes.reactions.httprequest;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.plugin.HeaderLines;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.plugin.StatusCodes;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.Templates;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends any HTTP request (method, URL, headers and body all templates) and judges it by its status: calls a SaltStack
 * or Rundeck API, a CI job trigger, a home-made endpoint.
 */
public final class HttpRequestReactionType implements ReactionType {

    static final String DEFAULT_CONTENT_TYPE = "application/json";
    static final String DEFAULT_SUCCESS = "200-299";

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("method", "Method", SettingType.CHOICE)
                    .options("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
                    .withDefault("GET"),
            Setting.of("url", "URL", SettingType.TEXT)
                    .asRequired()
                    .help("http:// or https:// URL; a Mustache template whose values are URL-encoded, e.g."
                            + " https://ci.example.com/hooks/failover?monitor={{monitorId}}"),
            Setting.of("headers", "Headers", SettingType.HEADERS)
                    .asSecret()
                    .help("Optional, one 'Name: value' per line; values may use template variables; kept secret like"
                            + " a password, since headers often carry credentials"),
            Setting.of("contentType", "Content type", SettingType.TEXT)
                    .withDefault(DEFAULT_CONTENT_TYPE)
                    .help(
                            "Sent as Content-Type with a body; with a JSON type, body values are escaped for JSON strings"),
            Setting.of("bodyTemplate", "Body template", SettingType.TEXTAREA)
                    .help("Optional Mustache template of the body (not for GET or HEAD)"),
            Setting.of("successStatus", "Success status", SettingType.TEXT)
                    .withDefault(DEFAULT_SUCCESS)
                    .help("Codes and ranges that count as success, e.g. 200-299 or 200,202,404"));

    @Override
    public String id() {
        return "http-request";
    }

    @Override
    public String name() {
        return "HTTP request";
    }

    @Override
    public boolean notifiesBothWays() {
        return true;
    }

    @Override
    public String description() {
        return "Sends any HTTP request you describe: a SaltStack or Rundeck job, a CI trigger, your own endpoint.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.SERVERS;
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
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        if (given(values, "url") && !errors.containsKey("url")) {
            String problem = urlProblem(values.get("url").trim());
            if (problem != null) {
                errors.put("url", "URL: " + problem);
            }
        }
        if (given(values, "headers") && !errors.containsKey("headers")) {
            for (Map.Entry<String, String> header :
                    HeaderLines.parse(values.get("headers")).entrySet()) {
                String problem = HttpCalls.headerProblem(header.getKey());
                if (problem == null) {
                    problem = Templates.problem(header.getValue(), Templates.Escaping.HEADER);
                }
                if (problem != null) {
                    errors.put("headers", "Headers: " + header.getKey() + ": " + problem);
                    break;
                }
            }
        }
        if (given(values, "bodyTemplate")) {
            String method = given(values, "method") ? values.get("method").trim() : "GET";
            String problem = method.equals("GET") || method.equals("HEAD")
                    ? "a " + method + " request has no body; choose POST, PUT, PATCH or DELETE, or leave the body empty"
                    : Templates.problem(values.get("bodyTemplate"), escaping(values.get("contentType")));
            if (problem != null) {
                errors.put("bodyTemplate", "Body template: " + problem);
            }
        }
        if (given(values, "successStatus")) {
            try {
                StatusCodes.parse(values.get("successStatus"));
            } catch (IllegalArgumentException e) {
                errors.put("successStatus", "Success status: " + e.getMessage());
            }
        }
        return errors;
    }

    private static boolean given(Map<String, String> values, String key) {
        return values.get(key) != null && !values.get(key).isBlank();
    }

    /** Null when the URL template compiles and fills to an absolute http(s) URL with a host. */
    private static String urlProblem(String template) {
        String problem = Templates.problem(template, Templates.Escaping.URL);
        if (problem != null) {
            return problem;
        }
        String sample = Templates.renderSample(template, Templates.Escaping.URL);
        try {
            URI uri = new URI(sample);
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                return "must be an absolute http:// or https:// URL with a host, e.g."
                        + " https://salt.example.com/hook/{{monitorId}}";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a valid URL: " + e.getReason() + " (filled in: " + sample + ")";
        }
    }

    /** JSON-escaped values for a JSON body (application/json, application/*+json), values as they are otherwise. */
    static Templates.Escaping escaping(String contentType) {
        String media = (contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType)
                .split(";")[0]
                .trim()
                .toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json")
                ? Templates.Escaping.JSON
                : Templates.Escaping.NONE;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        String contentType = settings.getOrDefault("contentType", DEFAULT_CONTENT_TYPE);
        String body = settings.get("bodyTemplate");
        Map<String, Template> headers = new LinkedHashMap<>();
        HeaderLines.parse(settings.get("headers"))
                .forEach((name, value) -> headers.put(name, Templates.compile(value, Templates.Escaping.HEADER)));
        return new HttpRequestReaction(
                new HttpRequestReaction.Config(
                        settings.getOrDefault("method", "GET"),
                        Templates.compile(settings.get("url"), Templates.Escaping.URL),
                        headers,
                        contentType,
                        body == null || body.isBlank() ? null : Templates.compile(body, escaping(contentType)),
                        StatusCodes.parse(settings.getOrDefault("successStatus", DEFAULT_SUCCESS))),
                services.http(),
                services.publicUrl());
    }
}
