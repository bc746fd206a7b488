package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every kind of answer crweb gives carries the security headers: pages (logged in or not), redirects, error pages,
 * static files, the docs, Swagger UI, the OpenAPI document, the REST API (also its errors), webhooks, pings and the
 * health probe. HSTS only over HTTPS, here as a TLS-terminating proxy in front of crweb reports it
 * ({@code X-Forwarded-Proto: https} with {@code server.forward-headers-strategy=native}). Over a real socket.
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=crweb", "server.forward-headers-strategy=native"})
class SecurityHeadersTest {

    static final String PASSWORD = "correct horse battery staple";
    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcTemplate jdbc;

    HttpClient loggedIn;
    String apiKey;

    @BeforeEach
    void aPersonLoggedInWithAnApiKey() throws Exception {
        String email = "ops-" + UUID.randomUUID() + "@example.com";
        UserAccount account = users.save(new UserAccount(email, passwords.encode(PASSWORD)));
        apiKey = SecretTokens.generate("crk_");
        jdbc.update(
                "with o as (select ?::bigint as id) insert into api_keys (team_id, owner_id, name, prefix, key_hash) "
                        + "select t.id, o.id, 'ci', ?, ? from o join teams t on t.personal_of = o.id",
                account.getId(),
                apiKey.substring(0, 10),
                SecretTokens.hash(apiKey));
        loggedIn = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String loginPage = send(loggedIn, request("/login").build()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as(loginPage).isTrue();
        HttpResponse<String> login = send(
                loggedIn,
                request("/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + email + "&password="
                                + PASSWORD.replace(' ', '+') + "&_csrf=" + csrf.group(1)))
                        .build());
        assertThat(login.headers().firstValue("Location").orElse(""))
                .as("logged in")
                .doesNotContain("error")
                .endsWith("/");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An answer of each kind, over HTTP as a browser or program sends it, or over HTTPS as a proxy reports it. */
    private List<HttpResponse<String>> everyKindOfAnswer(boolean https) throws Exception {
        String scheme = https ? "https" : "http";
        HttpClient anonymous = HttpClient.newHttpClient();
        List<HttpRequest.Builder> anonymousRequests = List.of(
                request("/login"),
                request("/signup"),
                request("/"),
                request("/css/app.css"),
                request("/js/copy.js"),
                request("/css/no-such-file.css"),
                request("/docs/"),
                request("/docs/api.md"),
                request("/swagger-ui.html"),
                request("/swagger-ui/index.html"),
                request("/swagger-ui/swagger-initializer.js"),
                request("/api/v1/openapi.json"),
                request("/api/v1/monitors"),
                request("/api/v1/monitors").header("Authorization", "Bearer " + apiKey),
                request("/api/v1/no-such-thing").header("Authorization", "Bearer " + apiKey),
                request("/api/v1/webhooks/generic/1")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                request("/ping/crw_wrong"),
                request("/actuator/health"));
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        for (HttpRequest.Builder builder : anonymousRequests) {
            answers.add(
                    send(anonymous, builder.header("X-Forwarded-Proto", scheme).build()));
        }
        for (String path :
                List.of("/", "/monitors", "/monitors/new?type=http", "/account/api-keys", "/monitors/999999999")) {
            answers.add(send(
                    loggedIn, request(path).header("X-Forwarded-Proto", scheme).build()));
        }
        // the answers cover every kind: pages, redirects, client errors of pages and of the API, and static files
        assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 302, 401, 404);
        return answers;
    }

    @Test
    void everyAnswerForbidsFramingSniffingInlineScriptAndReferrers() throws Exception {
        for (HttpResponse<String> answer : everyKindOfAnswer(false)) {
            String what = answer.request().method() + " " + answer.uri().getPath() + " (" + answer.statusCode() + ")";
            String policy =
                    answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(policy)
                    .as(what)
                    .contains("script-src 'self';", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options"))
                    .as(what)
                    .hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
            assertThat(answer.headers().firstValue("Strict-Transport-Security"))
                    .as(what + " over plain HTTP")
                    .isEmpty();
        }
    }

    @Test
    void answersOverHttpsBehindAProxyAskForHttpsOnly() throws Exception {
        for (HttpResponse<String> answer : everyKindOfAnswer(true)) {
            String what = answer.request().method() + " " + answer.uri().getPath() + " (" + answer.statusCode() + ")";
            assertThat(answer.headers().firstValue("Strict-Transport-Security"))
                    .as(what)
                    .hasValue("max-age=31536000 ; includeSubDomains");
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .as(what)
                    .isPresent();
        }
    }
}
