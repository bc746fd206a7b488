package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like session against crweb over real HTTP: keeps cookies, reads the CSRF token out of each form page
 * and posts forms the way a browser does.
 */
final class WebSession {

    private static final Pattern CSRF =
            Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    private static final Pattern HIDDEN_INPUT = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\sname=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("\\svalue=\"([^\"]*)\"");
    private static final Pattern MONITOR_ID = Pattern.compile("/monitors/(\\d+)");
    private static final Pattern API_KEY = Pattern.compile("<code class=\"secret\">(crk_[A-Za-z0-9_-]+)</code>");
    private static final Pattern REACTION_ID = Pattern.compile("/reactions/(\\d+)");

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    WebSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /**
     * Opens {@code formPage} and posts {@code fields} to {@code action} together with the page's hidden inputs (the
     * CSRF token, the plugin type), as a browser submitting that form would.
     */
    HttpResponse<String> submit(String formPage, String action, List<Map.Entry<String, String>> fields) {
        HttpResponse<String> page = get(formPage);
        assertThat(page.statusCode()).as("form page %s", formPage).isEqualTo(200);
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        Matcher hidden = HIDDEN_INPUT.matcher(page.body());
        while (hidden.find()) {
            Matcher name = NAME.matcher(hidden.group());
            Matcher value = VALUE.matcher(hidden.group());
            if (name.find() && fields.stream().noneMatch(f -> f.getKey().equals(name.group(1)))) {
                all.add(Map.entry(name.group(1), value.find() ? value.group(1) : ""));
            }
        }
        assertThat(all)
                .as("the form carries a CSRF token")
                .anyMatch(f -> f.getKey().equals("_csrf"));
        return postForm(action, all);
    }

    HttpResponse<String> postForm(String action, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs up and logs in at once, where crweb does not ask for email confirmation (no SMTP server). */
    void signUpAndLogIn(String email, String password) {
        signUp(email, password);
        logIn(email, password);
    }

    /**
     * Signs up, waits for the confirmation mail among those {@code received} (e.g. GreenMail's), follows its link as
     * the person would, then logs in.
     */
    void signUpAndLogIn(String email, String password, Supplier<MimeMessage[]> received) {
        signUp(email, password);
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> ReceivedMail.to(received, email), mails -> !mails.isEmpty())
                .getFirst();
        // the link starts at the public URL, which may name a host other than this session's address
        URI link = URI.create(ReceivedMail.link(mail, "http"));
        assertThat(link.getRawPath()).isEqualTo("/email-confirmation");
        HttpResponse<String> confirmed = get(link.getRawPath() + "?" + link.getRawQuery());
        assertThat(confirmed.statusCode())
                .as("confirmation answer: %s", confirmed.body())
                .isEqualTo(302);
        assertThat(confirmed.headers().firstValue("Location").orElse("")).endsWith("/login?confirmed");
        logIn(email, password);
    }

    private void signUp(String email, String password) {
        HttpResponse<String> signUp =
                submit("/signup", "/signup", List.of(Map.entry("email", email), Map.entry("password", password)));
        assertThat(signUp.statusCode()).as("sign-up answer: %s", signUp.body()).isEqualTo(302);
    }

    void logIn(String email, String password) {
        HttpResponse<String> login =
                submit("/login", "/login", List.of(Map.entry("username", email), Map.entry("password", password)));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse(""))
                .doesNotContain("error")
                .doesNotContain("unconfirmed");
    }

    /** Posts a create form and returns the id of the object from the redirect to its page. */
    long create(String formPage, String action, List<Map.Entry<String, String>> fields, Pattern idInLocation) {
        HttpResponse<String> created = submit(formPage, action, fields);
        assertThat(created.statusCode()).as("create answer: %s", created.body()).isEqualTo(302);
        Matcher matcher =
                idInLocation.matcher(created.headers().firstValue("Location").orElse(""));
        assertThat(matcher.find()).as("redirect to the new object").isTrue();
        return Long.parseLong(matcher.group(1));
    }

    long createMonitor(String checkType, List<Map.Entry<String, String>> fields) {
        return create("/monitors/new?type=" + checkType, "/monitors", fields, MONITOR_ID);
    }

    long createReaction(String reactionType, List<Map.Entry<String, String>> fields) {
        return create("/reactions/new?type=" + reactionType, "/reactions", fields, REACTION_ID);
    }

    /** An email reaction on FAILED, through the reaction form. */
    long createEmailReaction(String name, String to, int frequencySeconds) {
        return createReaction(
                "email",
                List.of(
                        Map.entry("name", name),
                        Map.entry("callOn", "FAILED"),
                        Map.entry("triggerCount", "1"),
                        Map.entry("frequencySeconds", String.valueOf(frequencySeconds)),
                        Map.entry("settings[to]", to)));
    }

    /** An HTTP monitor checked every second, FAILED after two failures, with one reaction attached. */
    long createHttpMonitor(String name, String url, long reactionId) {
        return createMonitor(
                "http",
                List.of(
                        Map.entry("name", name),
                        Map.entry("intervalSeconds", "1"),
                        Map.entry("timeoutSeconds", "1"),
                        Map.entry("failThreshold", "2"),
                        Map.entry("recoverThreshold", "1"),
                        Map.entry("enabled", "true"),
                        Map.entry("settings[url]", url),
                        Map.entry("settings[expectedStatus]", "200"),
                        Map.entry("reactionIds", String.valueOf(reactionId))));
    }

    /** Creates an API key on the API keys page and returns its value, which that page shows once. */
    String createApiKey(String name) {
        HttpResponse<String> created =
                submit("/account/api-keys", "/account/api-keys", List.of(Map.entry("name", name)));
        assertThat(created.statusCode())
                .as("create key answer: %s", created.body())
                .isEqualTo(302);
        Matcher key = API_KEY.matcher(get("/account/api-keys").body());
        assertThat(key.find()).as("the page shows the new key").isTrue();
        return key.group(1);
    }

    static String csrfToken(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("the page has a CSRF token").isTrue();
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
