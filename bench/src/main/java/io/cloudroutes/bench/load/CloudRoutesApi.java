package io.cloudroutes.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CloudRoutes' UI and REST API as the harness uses them, wherever crweb runs (in the standalone's JVM or its own): an
 * account and an API key made through the UI's forms, as standalone's tests do it, then monitors and reactions through
 * {@code /api/v1}.
 */
final class CloudRoutesApi {

    private static final Pattern HIDDEN_INPUT = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\sname=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("\\svalue=\"([^\"]*)\"");
    private static final Pattern API_KEY = Pattern.compile("<code class=\"secret\">(crk_[A-Za-z0-9_-]+)</code>");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String url;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /**
     * API calls, on connections of their own: a POST is not sent again when the server has closed the idle connection
     * it went out on, which a connection left idle by the health checks or the UI's forms can be.
     */
    private final HttpClient api =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String apiKey;

    /** crweb at {@code url}, e.g. {@code http://127.0.0.1:8080}. */
    CloudRoutesApi(String url) {
        this.url = url;
    }

    /** Signs up, logs in and creates an API key on the API keys page, which shows its value once. */
    void signUpWithApiKey() {
        String email = "load@example.com";
        String password = "correct horse battery staple";
        expectRedirect(submit("/signup", Map.of("email", email, "password", password)), "sign-up");
        expectRedirect(submit("/login", Map.of("username", email, "password", password)), "login");
        expectRedirect(submit("/account/api-keys", Map.of("name", "load harness")), "API key");
        Matcher key = API_KEY.matcher(browse(HttpRequest.newBuilder(URI.create(url + "/account/api-keys")))
                .body());
        if (!key.find()) {
            throw new IllegalStateException("the API keys page shows no new key");
        }
        apiKey = key.group(1);
    }

    /**
     * Http monitors {@code load-<first>} to {@code load-<first + count - 1>} checking {@code targetUrl} every
     * {@code interval} (whole seconds), created in one request of the bulk API (at most 1,000); returns their ids.
     */
    List<Long> createHttpMonitors(int first, int count, String targetUrl, Duration interval) {
        String items = IntStream.range(first, first + count)
                .mapToObj(number -> """
                {"name":"load-%d","checkType":"http","intervalSeconds":%d,"timeoutSeconds":1,"failureThreshold":2,
                 "recoveryThreshold":1,"settings":{"url":"%s","expectedStatus":"200"}}""".formatted(number, interval.toSeconds(), targetUrl))
                .collect(Collectors.joining(",", "[", "]"));
        List<Long> ids = new ArrayList<>(count);
        apiCall("POST", "/api/v1/monitors/bulk", items, 201)
                .forEach(created -> ids.add(created.get("id").asLong()));
        return ids;
    }

    /**
     * Datadog monitors {@code load-datadog-<first>} to {@code load-datadog-<first + count - 1>} (warnings ignored, as by
     * default), created in one request of the bulk API (at most 1,000); returns their ids with their push secrets.
     */
    List<WebhookLoad.Receiver> createDatadogMonitors(int first, int count) {
        String items = IntStream.range(first, first + count)
                .mapToObj(number -> """
                {"name":"load-datadog-%d","checkType":"datadog","settings":{}}""".formatted(number))
                .collect(Collectors.joining(",", "[", "]"));
        List<WebhookLoad.Receiver> receivers = new ArrayList<>(count);
        apiCall("POST", "/api/v1/monitors/bulk", items, 201)
                .forEach(created -> receivers.add(new WebhookLoad.Receiver(
                        created.get("id").asLong(), created.get("pushSecret").asString())));
        return receivers;
    }

    /** crweb's address, e.g. {@code http://127.0.0.1:8080}. */
    URI url() {
        return URI.create(url);
    }

    /** A webhook reaction on FAILED posting to {@code url} at every failure (no rate limit, one attempt); its id. */
    long createWebhookReaction(String url) {
        return apiCall("POST", "/api/v1/reactions", """
                {"name":"load-probe-reaction","reactionType":"webhook","callOn":"FAILED","triggerCount":1,
                 "frequencySeconds":0,"maxAttempts":1,"settings":{"url":"%s"}}""".formatted(url), 201)
                .get("id")
                .asLong();
    }

    /** An http monitor of {@code url} every second that fails and recovers on one result, running the reaction. */
    long createProbeMonitor(int number, String url, long reactionId) {
        return apiCall("POST", "/api/v1/monitors", """
                {"name":"load-probe-%d","checkType":"http","intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":1,
                 "recoveryThreshold":1,"reactionIds":[%d],"settings":{"url":"%s","expectedStatus":"200"}}""".formatted(number, reactionId, url), 201)
                .get("id")
                .asLong();
    }

    /** When the monitor's last result was folded into its live state, or null when none was yet. */
    Instant lastCheckedAt(long monitorId) {
        JsonNode status = apiCall("GET", "/api/v1/monitors/" + monitorId + "/status", null, 200);
        JsonNode last = status.get("lastCheckedAt");
        return last == null || last.isNull() ? null : Instant.parse(last.asString());
    }

    private JsonNode apiCall(String method, String path, String json, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(api, request);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Posts {@code fields} to the form at {@code page} with the page's hidden inputs (its CSRF token), as a browser. */
    private HttpResponse<String> submit(String page, Map<String, String> fields) {
        String form = browse(HttpRequest.newBuilder(URI.create(url + page))).body();
        Map<String, String> all = new LinkedHashMap<>(fields);
        Matcher hidden = HIDDEN_INPUT.matcher(form);
        while (hidden.find()) {
            Matcher name = NAME.matcher(hidden.group());
            Matcher value = VALUE.matcher(hidden.group());
            if (name.find()) {
                all.putIfAbsent(name.group(1), value.find() ? value.group(1) : "");
            }
        }
        String body = all.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return browse(HttpRequest.newBuilder(URI.create(url + page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> browse(HttpRequest.Builder request) {
        return send(browser, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expectRedirect(HttpResponse<String> answer, String what) {
        String location = answer.headers().firstValue("Location").orElse("");
        // "?unconfirmed": crweb waits for an email confirmation the harness cannot receive
        if (answer.statusCode() != 302 || location.contains("error") || location.contains("unconfirmed")) {
            throw new IllegalStateException(
                    what + " answered " + answer.statusCode() + " " + location + ": " + answer.body());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
