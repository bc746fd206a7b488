package io.cloudroutes.reactions.httprequest;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.plugin.HeaderLines;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
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
    public Parsed<HttpRequestReaction.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, HttpRequestReactionType::read);
    }

    private static HttpRequestReaction.Config read(SettingValues values) {
        Template url = url(values);
        Map<String, Template> headers = headers(values);
        String method = values.text("method");
        String contentType = values.text("contentType");
        Template body = null;
        if (values.has("bodyTemplate")) {
            if ("GET".equals(method) || "HEAD".equals(method)) {
                values.reject(
                        "bodyTemplate",
                        "Body template: a " + method + " request has no body; choose POST, PUT, PATCH or DELETE, or "
                                + "leave the body empty");
            } else {
                body = Templates.read(values, "bodyTemplate", "Body template", escaping(contentType));
            }
        }
        StatusCodes success = null;
        if (values.has("successStatus")) {
            try {
                success = StatusCodes.parse(values.text("successStatus"));
            } catch (IllegalArgumentException e) {
                values.reject("successStatus", "Success status: " + e.getMessage());
            }
        }
        if (values.anyRejected()) {
            return null;
        }
        return new HttpRequestReaction.Config(method, url, headers, contentType, body, success);
    }

    /**
     * The URL template, once it compiles and fills to an absolute http(s) URL with a host; null, with the setting
     * rejected, otherwise.
     */
    private static Template url(SettingValues values) {
        String text = values.text("url");
        if (text == null) {
            return null;
        }
        String problem;
        try {
            Template template = Templates.checked(text, Templates.Escaping.URL);
            problem = urlProblem(Templates.renderSample(template));
            if (problem == null) {
                return template;
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        values.reject("url", "URL: " + problem);
        return null;
    }

    /** Null when the URL a template filled in for the sample change is an absolute http(s) URL with a host. */
    private static String urlProblem(String sample) {
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

    /** The header values compiled as templates, by name; the first header that fails rejects the setting. */
    private static Map<String, Template> headers(SettingValues values) {
        Map<String, Template> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header :
                HeaderLines.parse(values.text("headers")).entrySet()) {
            String problem = HttpCalls.headerProblem(header.getKey());
            if (problem == null) {
                try {
                    headers.put(header.getKey(), Templates.checked(header.getValue(), Templates.Escaping.HEADER));
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                values.reject("headers", "Headers: " + header.getKey() + ": " + problem);
                break;
            }
        }
        return headers;
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
        return new HttpRequestReaction(parse(settings).orThrow(), services.http(), services.publicUrl());
    }
}
