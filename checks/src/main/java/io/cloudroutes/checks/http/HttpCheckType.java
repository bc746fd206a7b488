package io.cloudroutes.checks.http;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/** Requests a URL and checks the status code and, optionally, a keyword in the body. */
public final class HttpCheckType implements CheckType {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("url", "URL", SettingType.URL).asRequired()
                    .help("The address to request, e.g. https://shop.example.com/health"),
            Setting.of("method", "Method", SettingType.CHOICE)
                    .options("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS").withDefault("GET"),
            Setting.of("expectedStatus", "Expected status", SettingType.TEXT).withDefault("200-299")
                    .help("Codes and ranges that count as healthy, e.g. 200,204,300-399"),
            Setting.of("keyword", "Keyword", SettingType.TEXT)
                    .help("Optional text to look for in the first 1 MiB of the response body"),
            Setting.of("keywordMode", "Keyword must be", SettingType.CHOICE).options("present", "absent")
                    .withDefault("present"),
            Setting.of("headers", "Request headers", SettingType.HEADERS)
                    .help("Optional, one 'Name: value' per line"));

    // One client per type: connection pools are shared by every http monitor this worker runs. No client-wide
    // connect timeout: each request's timeout (the check's own) bounds the connect as well.
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @Override
    public String id() {
        return "http";
    }

    @Override
    public String name() {
        return "HTTP(S) request";
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String expected = values.get("expectedStatus");
        if (expected != null && !expected.isBlank() && !errors.containsKey("expectedStatus")) {
            try {
                StatusCodes.parse(expected);
            } catch (IllegalArgumentException e) {
                errors.put("expectedStatus", "Expected status: " + e.getMessage());
            }
        }
        return errors;
    }

    @Override
    public Check create(Map<String, String> settings) {
        return new HttpCheck(client, HttpCheck.Config.from(settings));
    }
}
