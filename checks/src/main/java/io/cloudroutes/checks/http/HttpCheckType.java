package io.cloudroutes.checks.http;

import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Requests a URL and checks the status code, the body (keyword, regular expression, JSON conditions) and the response
 * time.
 */
public final class HttpCheckType implements PolledCheckType {

    static final int MAX_BODY_BYTES = BodyBudget.MAX_PAGE_BYTES;

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

    /** The label of a setting this type declares, as its messages name it. */
    static String label(String name) {
        return SETTINGS.stream()
                .filter(setting -> setting.name().equals(name))
                .findFirst()
                .orElseThrow()
                .label();
    }

    @Override
    public Parsed<HttpCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, HttpCheck.Config::read);
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        HttpCheck.Config config = parse(settings).orThrow();
        return new HttpCheck(
                clients.computeIfAbsent(services.egress(), egress -> new SharedClients(trusted, egress)),
                services.bodyBudget(),
                config);
    }

    @Override
    public void close() {
        clients.values().forEach(SharedClients::close);
        clients.clear();
    }
}
