package io.cloudroutes.crweb.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.SharedServers;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.sso.ExternalIdentityRepository;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on through a real OpenID Connect provider ({@link TestOidcProvider}): crweb on a loopback port with two
 * providers configured, driven through the whole authorization code flow by an HTTP client that keeps cookies and
 * follows redirects itself, as a browser does. "corp" allows example.com and creates accounts; "invite-only" allows
 * any domain and creates none.
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.name=crweb")
@ContextConfiguration(initializers = SharedServers.class)
class SingleSignOnTest {

    private static final int PORT = LoopbackPorts.next();
    private static final String CRWEB = "http://127.0.0.1:" + PORT;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    // people at the provider: username -> email, whether the provider has verified it
    private static final TestOidcProvider.Person NEW_PERSON = person("ada", "ada-" + RUN + "@example.com", true);
    private static final TestOidcProvider.Person RETURNING = person("grace", "grace-" + RUN + "@example.com", true);
    private static final TestOidcProvider.Person HAS_ACCOUNT =
            person("barbara", "Barbara-" + RUN + "@EXAMPLE.com", true);
    private static final TestOidcProvider.Person SSO_ONLY = person("carol", "carol-" + RUN + "@example.com", true);
    private static final TestOidcProvider.Person UNVERIFIED = person("dan", "dan-" + RUN + "@example.com", false);
    private static final TestOidcProvider.Person OTHER_DOMAIN = person("erin", "erin-" + RUN + "@elsewhere.org", true);
    private static final TestOidcProvider.Person STRANGER = person("frank", "frank-" + RUN + "@example.com", true);

    private static TestOidcProvider provider;

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        provider = TestOidcProvider.start(
                List.of(NEW_PERSON, RETURNING, HAS_ACCOUNT, SSO_ONLY, UNVERIFIED, OTHER_DOMAIN, STRANGER),
                List.of(
                        new TestOidcProvider.Client("crweb-corp", "corp-secret", CRWEB + "/login/oauth2/code/corp"),
                        new TestOidcProvider.Client(
                                "crweb-invite", "invite-secret", CRWEB + "/login/oauth2/code/invite-only")));
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("server.port", () -> PORT);
        // the redirect URI the provider sends people back to is built from the public URL
        registry.add("cloudroutes.public-url", () -> CRWEB);
        registry.add("cloudroutes.sso.providers[0].id", () -> "corp");
        registry.add("cloudroutes.sso.providers[0].display-name", () -> "Corp ID");
        registry.add("cloudroutes.sso.providers[0].issuer-uri", provider::issuer);
        registry.add("cloudroutes.sso.providers[0].client-id", () -> "crweb-corp");
        registry.add("cloudroutes.sso.providers[0].client-secret", () -> "corp-secret");
        registry.add("cloudroutes.sso.providers[0].allowed-email-domains", () -> "example.com");
        registry.add("cloudroutes.sso.providers[0].auto-provision", () -> "true");
        registry.add("cloudroutes.sso.providers[1].id", () -> "invite-only");
        registry.add("cloudroutes.sso.providers[1].display-name", () -> "Invite Only");
        registry.add("cloudroutes.sso.providers[1].issuer-uri", provider::issuer);
        registry.add("cloudroutes.sso.providers[1].client-id", () -> "crweb-invite");
        registry.add("cloudroutes.sso.providers[1].client-secret", () -> "invite-secret");
        // a provider nothing answers for (a free loopback port)
        registry.add("cloudroutes.sso.providers[2].id", () -> "offline");
        registry.add("cloudroutes.sso.providers[2].display-name", () -> "Offline");
        registry.add("cloudroutes.sso.providers[2].issuer-uri", () -> "http://127.0.0.1:" + LoopbackPorts.next());
        registry.add("cloudroutes.sso.providers[2].client-id", () -> "crweb");
        registry.add("cloudroutes.sso.providers[2].client-secret", () -> "offline-secret");
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    ExternalIdentityRepository identities;

    @Test
    void theLogInPageOffersEachProvider() throws Exception {
        Page login = new Visitor().get(CRWEB + "/login");
        assertThat(login.body())
                .contains("Log in with Corp ID")
                .contains("href=\"/oauth2/authorization/corp\"")
                .contains("Log in with Invite Only");
    }

    @Test
    void aFirstLogInCreatesTheAccountAndLandsOnTheDashboardSignedIn() throws Exception {
        Visitor visitor = new Visitor();
        Page dashboard = visitor.logInThrough("corp", NEW_PERSON);

        assertThat(dashboard.url()).isEqualTo(CRWEB + "/");
        assertThat(dashboard.body()).contains("<h1>Dashboard</h1>").contains(signedInAs(NEW_PERSON.email()));
        UserAccount account = users.findByEmail(NEW_PERSON.email()).orElseThrow();
        assertThat(account.hasPassword()).isFalse();
        assertThat(identities.findByUserId(account.getId())).hasSize(1);
        // every page reads the account the same way as after a password log-in
        for (String page : List.of("/monitors", "/monitors/new", "/reactions", "/reactions/new", "/account/api-keys")) {
            assertThat(visitor.get(CRWEB + page).status()).as(page).isEqualTo(200);
        }
    }

    @Test
    void theSessionIdChangesAtLogIn() throws Exception {
        Visitor visitor = new Visitor();
        visitor.get(CRWEB + "/oauth2/authorization/corp");
        String before = visitor.cookie("SESSION");
        assertThat(before).isNotNull();
        visitor.logInThrough("corp", NEW_PERSON);
        assertThat(visitor.cookie("SESSION")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void aSecondLogInUsesTheLinkedIdentity() throws Exception {
        new Visitor().logInThrough("corp", RETURNING);
        long first = users.findByEmail(RETURNING.email()).orElseThrow().getId();

        Page again = new Visitor().logInThrough("corp", RETURNING);

        assertThat(again.body()).contains(signedInAs(RETURNING.email()));
        assertThat(users.findByEmail(RETURNING.email()).orElseThrow().getId()).isEqualTo(first);
        assertThat(identities.findByUserId(first)).hasSize(1);
    }

    @Test
    void aFirstLogInLinksTheAccountWithTheSameEmailInAnyCaseAndAPasswordSetBeforeTheAddressWasConfirmedGoes()
            throws Exception {
        String signedUpAs = HAS_ACCOUNT.email().toLowerCase();
        Visitor visitor = new Visitor();
        Page login = visitor.postForm(
                CRWEB + "/signup",
                visitor.get(CRWEB + "/signup"),
                Map.of("email", signedUpAs, "password", "long enough pw"));
        assertThat(login.url()).startsWith(CRWEB + "/login");
        long id = users.findByEmail(signedUpAs).orElseThrow().getId();

        Page dashboard = new Visitor().logInThrough("corp", HAS_ACCOUNT);

        assertThat(dashboard.body()).contains(signedInAs(signedUpAs));
        assertThat(identities.findByUserId(id)).hasSize(1);
        // nobody had confirmed the address: whoever chose that password at sign-up may not own it, so it no longer
        // logs in (the person can set a password by a reset link)
        Visitor withPassword = new Visitor();
        Page afterPassword = withPassword.postForm(
                CRWEB + "/login",
                withPassword.get(CRWEB + "/login"),
                Map.of("username", signedUpAs, "password", "long enough pw"));
        assertThat(afterPassword.body()).doesNotContain(signedInAs(signedUpAs));
        assertThat(users.findById(id).orElseThrow().hasPassword()).isFalse();
    }

    @Test
    void anUnverifiedEmailIsRefused() throws Exception {
        Page refused = new Visitor().logInThrough("corp", UNVERIFIED);

        assertThat(refused.url()).startsWith(CRWEB + "/login/sso-refused");
        assertThat(refused.text())
                .contains("Log-in with Corp ID refused")
                .contains("The provider says your email address is not verified");
        assertThat(users.findByEmail(UNVERIFIED.email())).isEmpty();
    }

    @Test
    void anEmailDomainThatIsNotAllowedIsRefused() throws Exception {
        Page refused = new Visitor().logInThrough("corp", OTHER_DOMAIN);

        assertThat(refused.text()).contains("Accounts with your email domain may not log in through this provider");
        assertThat(users.findByEmail(OTHER_DOMAIN.email())).isEmpty();
    }

    @Test
    void anUnknownEmailIsRefusedWhereTheProviderCreatesNoAccounts() throws Exception {
        Page refused = new Visitor().logInThrough("invite-only", STRANGER);

        assertThat(refused.text())
                .contains("Log-in with Invite Only refused")
                .contains("There is no CloudRoutes account for your email address");
        assertThat(users.findByEmail(STRANGER.email())).isEmpty();
    }

    @Test
    void aProviderThatCannotBeReachedIsSaidSo() throws Exception {
        Page refused = new Visitor().get(CRWEB + "/oauth2/authorization/offline");

        assertThat(refused.url()).startsWith(CRWEB + "/login/sso-refused");
        assertThat(refused.text())
                .contains("Log-in with Offline refused")
                .contains("CloudRoutes could not reach the provider to start the log-in");
    }

    @Test
    void anAccountMadeBySingleSignOnCannotLogInWithAPassword() throws Exception {
        new Visitor().logInThrough("corp", SSO_ONLY);
        assertThat(users.findByEmail(SSO_ONLY.email())).isPresent();

        Visitor visitor = new Visitor();
        Page login = visitor.postForm(
                CRWEB + "/login",
                visitor.get(CRWEB + "/login"),
                Map.of("username", SSO_ONLY.email(), "password", SSO_ONLY.password()));

        assertThat(login.url()).isEqualTo(CRWEB + "/login?error");
        assertThat(login.text())
                .contains("That email and password do not match an account.")
                .contains("An account made through single sign-on has no password: log in with your provider below.")
                .doesNotContain(signedInAs(SSO_ONLY.email()));
    }

    private static TestOidcProvider.Person person(String username, String email, boolean verified) {
        return new TestOidcProvider.Person(username, "pw-of-" + username, email, verified);
    }

    private static String signedInAs(String email) {
        return "<span class=\"who\">" + email + "</span>";
    }

    /** A page after its redirects: where it ended, its status and its HTML. */
    record Page(String url, int status, String body) {

        /** The HTML with each run of white space as one space, as a browser shows it. */
        String text() {
            return body.replaceAll("\\s+", " ");
        }
    }

    /** A browser's part of the flow: cookies for both servers, redirects followed one by one. */
    static final class Visitor {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        Page get(String url) throws IOException, InterruptedException {
            return follow(HttpRequest.newBuilder(URI.create(url)).GET().build());
        }

        /** Posts the form of {@code page} (its CSRF token) with these fields to {@code url}. */
        Page postForm(String url, Page page, Map<String, String> fields) throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(page.body());
            assertThat(token.find()).as("a CSRF token on " + page.url()).isTrue();
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", token.group(1).replace("&#45;", "-"));
            String form = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return follow(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build());
        }

        /** "Log in with …" on crweb's log-in page, then the provider's log-in form, back to crweb. */
        Page logInThrough(String providerId, TestOidcProvider.Person person) throws IOException, InterruptedException {
            Page providerLogin = get(CRWEB + "/oauth2/authorization/" + providerId);
            assertThat(providerLogin.url()).startsWith(provider.issuer() + "/login");
            return postForm(
                    providerLogin.url(),
                    providerLogin,
                    Map.of("username", person.username(), "password", person.password()));
        }

        String cookie(String name) {
            return cookies.getCookieStore().get(URI.create(CRWEB)).stream()
                    .filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse(null);
        }

        private Page follow(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; hops < 20 && response.statusCode() / 100 == 3; hops++) {
                URI next = response.request()
                        .uri()
                        .resolve(response.headers().firstValue("Location").orElseThrow());
                response =
                        client.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Page(response.uri().toString(), response.statusCode(), response.body());
        }
    }
}
