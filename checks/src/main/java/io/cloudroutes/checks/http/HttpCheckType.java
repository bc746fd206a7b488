package io.cloudroutes.checks.http;

import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.HeaderLines;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.plugin.StatusCodes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Requests a URL and checks the status code, the body (keyword, regular expression, JSON conditions) and the response
 * time.
 */
public final class HttpCheckType implements PolledCheckType {

    static final int MAX_BODY_BYTES = BodyBudget.MAX_PAGE_BYTES;

    static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    private static final Pattern MEDIA_TYPE =
            Pattern.compile("^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?$");
    private static final Pattern HOST_AND_PORT = Pattern.compile(
            "^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?"
                    + "|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?$");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("url", "URL", SettingType.URL)
                    .asRequired()
                    .help("The address to request, e.g. https://shop.example.com/health"),
            Setting.of("method", "Method", SettingType.CHOICE)
                    .options("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                    .withDefault("GET"),
            Setting.of("body", "Request body", SettingType.TEXTAREA)
                    .help("Optional, sent as written with POST, PUT, PATCH and DELETE, e.g. {\"probe\": true}"),
            Setting.of("bodyContentType", "Body content type", SettingType.TEXT)
                    .withDefault("application/json")
                    .help("The Content-Type of the request body, e.g. application/json or text/plain; charset=utf-8"),
            Setting.of("headers", "Request headers", SettingType.HEADERS)
                    .asSecret()
                    .help("Optional, one 'Name: value' per line, e.g. Authorization: Bearer …; kept secret like a"
                            + " password, since headers often carry credentials"),
            Setting.of("hostHeader", "Host header", SettingType.TEXT)
                    .help(
                            "Optional virtual host to ask for, e.g. shop.example.com: sent as the Host header and used for"
                                    + " TLS (SNI and the certificate name) while connecting to the URL's address"),
            Setting.of("followRedirects", "Follow redirects", SettingType.BOOLEAN)
                    .withDefault("true")
                    .help("When off, a 3xx answer is judged by the expected status like any other code"),
            Setting.of("verifyTls", "Verify TLS certificate", SettingType.BOOLEAN)
                    .withDefault("true")
                    .help("Turn off only for internal endpoints with self-signed certificates: any certificate and host"
                            + " name is then accepted"),
            Setting.of("expectedStatus", "Expected status", SettingType.TEXT)
                    .withDefault("200-299")
                    .help("Codes and ranges that count as healthy, e.g. 200,204,300-399"),
            Setting.of("keyword", "Keyword", SettingType.TEXT)
                    .help("Optional text to look for in the first 1 MiB of the response body"),
            Setting.of("keywordMode", "Keyword must be", SettingType.CHOICE)
                    .options("present", "absent")
                    .withDefault("present"),
            Setting.of("regex", "Regular expression", SettingType.TEXT)
                    .help(
                            "Optional Java regular expression searched in the first 1 MiB of the body, e.g. \"status\":\\s*\"(ok|up)\""),
            Setting.of("regexMode", "Regular expression match", SettingType.CHOICE)
                    .options("present", "absent")
                    .withDefault("present"),
            Setting.of("jsonConditions", "JSON conditions", SettingType.TEXTAREA)
                    .help("Optional, one per line: <JSON path> <operator> <value>, e.g. $.status == \"ok\" or"
                            + " $.items.length() > 0; operators == != < <= > >= contains"),
            Setting.of("maxResponseTimeMs", "Maximum response time (ms)", SettingType.INTEGER)
                    .range(1, 300_000)
                    .help("Optional: FAILED when the whole response takes longer, even if everything else is right"));

    private final X509ExtendedTrustManager trusted;
    // One set of clients per egress guard: a process has one guard, so in practice one set, made on first use so that
    // processes which only validate settings (crweb) never build them.
    private final Map<Egress, SharedClients> clients = new ConcurrentHashMap<>();

    public HttpCheckType() {
        this(TlsTrust.systemDefault());
    }

    /** With another set of trusted certificates than the JVM's, e.g. a test's own certificate authority. */
    HttpCheckType(X509ExtendedTrustManager trusted) {
        this.trusted = trusted;
    }

    @Override
    public String id() {
        return "http";
    }

    @Override
    public String name() {
        return "HTTP(S) request";
    }

    @Override
    public String description() {
        return "Requests a URL and checks the status code, the body (keyword, pattern, JSON) and the response time.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.NETWORK;
    }

    @Override
    public int rank() {
        return 10;
    }

    /** {@code GET https://shop.example.com/health}, with the Host header when one is set. */
    @Override
    public String target(Map<String, String> settings) {
        String hostHeader = settings.get("hostHeader");
        return settings.getOrDefault("method", "GET") + " " + Targets.withoutUserInfo(settings.get("url"))
                + (hostHeader == null || hostHeader.isBlank() ? "" : " (Host: " + hostHeader.trim() + ")");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String method = given(values, "method") ? values.get("method").trim() : "GET";
        if (given(values, "expectedStatus") && !errors.containsKey("expectedStatus")) {
            try {
                StatusCodes.parse(values.get("expectedStatus"));
            } catch (IllegalArgumentException e) {
                errors.put("expectedStatus", "Expected status: " + e.getMessage());
            }
        }
        if (given(values, "url")
                && !errors.containsKey("url")
                && URI.create(values.get("url").trim()).getUserInfo() != null) {
            errors.put(
                    "url", "URL must not contain a user name or password; send credentials in an Authorization header");
        }
        boolean hasBody = given(values, "body");
        if (hasBody && !errors.containsKey("method") && !METHODS_WITH_BODY.contains(method)) {
            errors.put(
                    "body",
                    "Request body: " + method + " requests carry no body; choose POST, PUT, PATCH or DELETE,"
                            + " or clear the body");
        }
        if (given(values, "bodyContentType")
                && !MEDIA_TYPE.matcher(values.get("bodyContentType").trim()).matches()) {
            errors.put("bodyContentType", "Body content type must be a media type like application/json");
        }
        if (given(values, "headers") && !errors.containsKey("headers")) {
            String problem = headerProblem(HeaderLines.parse(values.get("headers")), hasBody);
            if (problem != null) {
                errors.put("headers", "Request headers: " + problem);
            }
        }
        if (given(values, "hostHeader")) {
            String problem = hostProblem(values.get("hostHeader").trim());
            if (problem != null) {
                errors.put("hostHeader", problem);
            }
        }
        if (given(values, "regex")) {
            try {
                Pattern.compile(values.get("regex").trim());
            } catch (PatternSyntaxException e) {
                errors.put(
                        "regex",
                        "Regular expression is not valid: " + e.getDescription()
                                + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""));
            }
        }
        if (given(values, "jsonConditions")) {
            try {
                JsonCondition.parseAll(values.get("jsonConditions"));
            } catch (IllegalArgumentException e) {
                errors.put("jsonConditions", "JSON conditions: " + e.getMessage());
            }
        }
        if ("HEAD".equals(method)) {
            for (Setting setting : SETTINGS) {
                if (List.of("keyword", "regex", "jsonConditions").contains(setting.name())
                        && given(values, setting.name())
                        && !errors.containsKey(setting.name())) {
                    errors.put(
                            setting.name(),
                            setting.label() + ": HEAD responses have no body; use GET to check the body");
                }
            }
        }
        return errors;
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        return new HttpCheck(
                clients.computeIfAbsent(services.egress(), egress -> new SharedClients(trusted, egress)),
                services.bodyBudget(),
                HttpCheck.Config.from(settings));
    }

    @Override
    public void close() {
        clients.values().forEach(SharedClients::close);
        clients.clear();
    }

    private static boolean given(Map<String, String> values, String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    private static String headerProblem(Map<String, String> headers, boolean hasBody) {
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("Host")) {
                return "set the Host header with the 'Host header' setting, not here";
            }
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                return name + " is worked out from the request body; remove it";
            }
            if (hasBody && name.equalsIgnoreCase("Content-Type")) {
                return "the body's Content-Type is set by 'Body content type'; remove it from the headers";
            }
        }
        return null;
    }

    private static String hostProblem(String value) {
        var matcher = HOST_AND_PORT.matcher(value);
        if (!matcher.matches()) {
            return "Host header must be a host name, optionally with a port, e.g. shop.example.com or shop.example.com:8443";
        }
        if (matcher.group(1) != null) {
            int port = Integer.parseInt(matcher.group(1));
            if (port < 1 || port > 65535) {
                return "Host header: port " + port + " is not between 1 and 65535";
            }
        }
        return null;
    }
}
