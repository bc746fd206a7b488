package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKeyScope;
import io.cloudroutes.store.team.TeamRepository;
import io.cloudroutes.store.team.TeamRole;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Two-factor authentication as a person meets it, through the real pages and log-in form with one browser session
 * each, against real PostgreSQL and Redis and a clock the test moves: codes are computed here from the secret the
 * enrolment page shows, as an authenticator app would.
 */
@CrwebIntegrationTest
@Import(TestClock.InPlace.class)
class TwoFactorTest {

    static final String PASSWORD = LogInAndSignUpTest.PASSWORD;
    static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"><code class=\"secret\">([A-Z2-7]+)</code>");
    static final Pattern RECOVERY_CODE = Pattern.compile(">([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<");
    static final DateTimeFormatter UTC = LogInAndSignUpTest.UTC;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    SecretBox box;

    @Autowired
    LoginThrottleProperties throttling;

    @Autowired
    ApiKeyService apiKeys;

    private String email;

    @Autowired
    TeamRepository teams;

    private long userId;
    private String address;

    @BeforeEach
    void anAccount() {
        email = "alice-" + UUID.randomUUID() + "@example.com";
        userId = users.save(new UserAccount(email, passwords.encode(PASSWORD))).getId();
        address = address();
        // every test starts at the beginning of a time step, so that "now" and "in 20 seconds" share a code
        long second = clock.instant().getEpochSecond();
        clock.advance(Duration.ofSeconds(30 - Math.floorMod(second, 30) + 30));
    }

    // enrolment

    @Test
    void aWrongCodeLeavesItOffAndSaysSoThenTheRightOneSwitchesItOnWithTenRecoveryCodes() throws Exception {
        MockHttpSession browser = logIn(email, PASSWORD);
        String page = get(browser, "/account/two-factor").getContentAsString();
        assertThat(text(page)).contains("Two-factor authentication is off");
        String secret = secretOn(page);
        String uri = URLDecoder.decode(
                match(Pattern.compile("id=\"otpauth-uri\">([^<]+)<"), page).replace("&amp;", "&"),
                StandardCharsets.UTF_8);
        assertThat(uri)
                .startsWith("otpauth://totp/CloudRoutes:" + email + "?secret=" + secret)
                .contains("issuer=CloudRoutes", "digits=6", "period=30");
        assertThat(page).contains("id=\"qr-code\" src=\"data:image/svg+xml;base64,");
        assertThat(get(browser, "/account/two-factor").getContentAsString())
                .as("a reload shows the same secret, so a scan made before it still works")
                .contains(secret);

        String wrong = wrongCode(secret);
        MockHttpServletResponse refused = post(browser, "/account/two-factor", "code", wrong);
        assertThat(refused.getStatus()).isEqualTo(200);
        assertThat(text(refused.getContentAsString()))
                .contains("That code does not match the secret shown: two-factor authentication is still off.");
        assertThat(switchedOn()).isFalse();
        assertThat(logInAnswer(logInSession(), email, PASSWORD))
                .as("log-in still needs the password only")
                .isEqualTo("/");

        List<String> recoveryCodes = switchOn(browser, secret);
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("select code_hash from recovery_codes where user_id = ?", String.class, userId))
                .as("only hashes are stored")
                .hasSize(10)
                .noneMatch(stored -> recoveryCodes.stream().anyMatch(stored::contains));
        String after = text(get(browser, "/account/two-factor").getContentAsString());
        assertThat(after).contains("Two-factor authentication is on", "Unused recovery codes: 10");
        assertThat(after).as("the codes are shown once").doesNotContain(recoveryCodes.getFirst());
    }

    @Test
    void theSecretIsStoredSealedAndBoundToItsAccount() throws Exception {
        MockHttpSession browser = logIn(email, PASSWORD);
        String secret = secretOn(get(browser, "/account/two-factor").getContentAsString());
        String stored =
                jdbc.queryForObject("select sealed_secret from two_factor where user_id = ?", String.class, userId);
        assertThat(stored).startsWith(SecretBox.PREFIX).doesNotContain(secret);
        assertThat(box.open(SecretScope.account(userId), TwoFactorService.SECRET_NAME, stored))
                .isEqualTo(secret);
        long bob = users.save(new UserAccount("bob-" + UUID.randomUUID() + "@example.com", "x"))
                .getId();
        assertThatThrownBy(() -> box.open(SecretScope.account(bob), TwoFactorService.SECRET_NAME, stored))
                .as("copied to another account it does not open")
                .isInstanceOf(SecretBox.SecretException.class);
    }

    // log-in

    @Test
    void theRightPasswordLeadsToTheCodePageAndOnlyTheCodeSignsIn() throws Exception {
        String secret = enrolled();
        MockHttpSession browser = logInSession();
        assertThat(get(browser, "/monitors").getRedirectedUrl()).endsWith("/login");
        assertThat(logInAnswer(browser, email, PASSWORD)).isEqualTo("/login/code");
        assertThat(text(get(browser, "/login/code").getContentAsString()))
                .contains("Your password was right. This account also asks for a code");

        // password verified, second factor pending: still nothing but the code page
        for (String page : List.of("/", "/account/api-keys", "/account/two-factor", "/monitors")) {
            assertThat(get(browser, page).getRedirectedUrl()).as(page).endsWith("/login");
        }
        MockHttpServletResponse signedIn = post(browser, "/login/code", "code", code(secret, 0));
        assertThat(signedIn.getRedirectedUrl())
                .as("back to the page that was asked for")
                .endsWith("/monitors");
        assertThat(get(browser, "/monitors").getStatus()).isEqualTo(200);
        assertThat(get(browser, "/").getContentAsString()).contains(email);
    }

    @Test
    void aCodeFromTheStepBeforeOrAfterIsTakenButNotOneFurtherOff() throws Exception {
        String secret = enrolled();
        // two steps past the one the enrolment used, so that the step before now is free
        clock.advance(Duration.ofSeconds(60));
        MockHttpSession early = pendingLogIn();
        assertThat(text(post(early, "/login/code", "code", code(secret, -2)).getContentAsString()))
                .contains("That code is not right");
        assertThat(post(early, "/login/code", "code", code(secret, -1)).getRedirectedUrl())
                .endsWith("/");
        MockHttpSession late = pendingLogIn();
        assertThat(post(late, "/login/code", "code", code(secret, 1)).getRedirectedUrl())
                .endsWith("/");
    }

    @Test
    void aCodeThatWasUsedIsRefusedUntilTheNextOne() throws Exception {
        String secret = enrolled();
        clock.advance(Duration.ofSeconds(30));
        String code = code(secret, 0);
        assertThat(post(pendingLogIn(), "/login/code", "code", code).getRedirectedUrl())
                .endsWith("/");

        clock.advance(Duration.ofSeconds(10));
        MockHttpSession again = pendingLogIn();
        MockHttpServletResponse replayed = post(again, "/login/code", "code", code);
        assertThat(text(replayed.getContentAsString()))
                .contains("That code was used already: wait for the next one in your app");
        assertThat(get(again, "/").getRedirectedUrl()).endsWith("/login");

        clock.advance(Duration.ofSeconds(30));
        assertThat(post(again, "/login/code", "code", code(secret, 0)).getRedirectedUrl())
                .endsWith("/");
    }

    @Test
    void wrongCodesAreRefusedAndLockTheAccountOutLikeWrongPasswords() throws Exception {
        String secret = enrolled();
        MockHttpSession browser = pendingLogIn();
        String wrong = wrongCode(secret);
        for (int failure = 1; failure < 5; failure++) {
            MockHttpServletResponse refused = post(browser, "/login/code", "code", wrong);
            assertThat(text(refused.getContentAsString()))
                    .contains("That code is not right: type the 6-digit code your authenticator app shows now");
        }
        MockHttpServletResponse fifth = post(browser, "/login/code", "code", wrong);
        assertThat(text(fifth.getContentAsString()))
                .contains("Too many wrong codes for this account: try again after "
                        + UTC.format(clock.instant().plus(throttling.lockout())) + " (in 1 minute).");
        assertThat(text(post(browser, "/login/code", "code", code(secret, 0)).getContentAsString()))
                .as("the right code does not get in while it lasts")
                .contains("Too many wrong codes for this account");
        assertThat(get(browser, "/").getRedirectedUrl()).endsWith("/login");

        clock.advance(Duration.ofSeconds(61));
        MockHttpSession later = pendingLogIn();
        assertThat(post(later, "/login/code", "code", code(secret, 0)).getRedirectedUrl())
                .endsWith("/");
    }

    @Test
    void aRecoveryCodeSignsInOnceAndThePageSaysHowManyAreLeft() throws Exception {
        List<String> recoveryCodes = new ArrayList<>();
        enrolled(recoveryCodes);
        MockHttpSession browser = pendingLogIn();
        // typed in capitals without dashes, as people copy them from paper
        MockHttpServletResponse signedIn = post(
                browser,
                "/login/code",
                "code",
                recoveryCodes.get(3).replace("-", " ").toUpperCase());
        assertThat(signedIn.getRedirectedUrl()).endsWith("/");
        assertThat(text(get(browser, "/").getContentAsString()))
                .contains(
                        "You logged in with a recovery code; it cannot be used again. You have 9 recovery codes left.");
        assertThat(text(get(browser, "/account/two-factor").getContentAsString()))
                .contains("Unused recovery codes: 9");

        MockHttpSession again = pendingLogIn();
        assertThat(text(post(again, "/login/code", "code", recoveryCodes.get(3)).getContentAsString()))
                .contains("That code is not right");
        assertThat(get(again, "/").getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void aSecondPersonCannotUseTheFirstPersonsCode() throws Exception {
        String aliceSecret = enrolled();
        String aliceEmail = email;
        anAccount();
        String bobSecret = enrolled();
        assertThat(bobSecret).isNotEqualTo(aliceSecret);

        MockHttpSession bob = pendingLogIn();
        assertThat(text(post(bob, "/login/code", "code", code(aliceSecret, 0)).getContentAsString()))
                .contains("That code is not right");
        assertThat(get(bob, "/").getRedirectedUrl()).endsWith("/login");
        assertThat(post(bob, "/login/code", "code", code(bobSecret, 0)).getRedirectedUrl())
                .endsWith("/");
        assertThat(get(bob, "/").getContentAsString()).contains(email).doesNotContain(aliceEmail);
    }

    @Test
    void theCodeMustComeWithinFiveMinutesOfThePassword() throws Exception {
        String secret = enrolled();
        MockHttpSession browser = pendingLogIn();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(post(browser, "/login/code", "code", code(secret, 0)).getRedirectedUrl())
                .isEqualTo("/login?codeExpired");
        assertThat(text(get(browser, "/login?codeExpired").getContentAsString()))
                .contains("The time to type your two-factor code ran out: log in again.");
        assertThat(get(browser, "/").getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void theCodePageWithoutAPasswordFirstGoesToTheLogInPage() throws Exception {
        assertThat(get(logInSession(), "/login/code").getRedirectedUrl()).isEqualTo("/login");
        assertThat(post(logInSession(), "/login/code", "code", "123456").getRedirectedUrl())
                .isEqualTo("/login");
    }

    @Test
    void apiKeysWorkWithoutACodeWhenTheSecondFactorIsOn() throws Exception {
        enrolled();
        ActiveTeam personal =
                new ActiveTeam(teams.personalTeamIdOf(userId), "Personal", true, userId, "owner", TeamRole.OWNER);
        String key = apiKeys.create(personal, "terraform", ApiKeyScope.READ_WRITE, null)
                .value();
        MockHttpServletResponse answer = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/monitors")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                                .with(from(address)))
                .andReturn()
                .getResponse();
        assertThat(answer.getStatus()).isEqualTo(200);
    }

    // changes after enrolment

    @Test
    void switchingOffNeedsThePasswordOrACurrentCode() throws Exception {
        String secret = enrolled();
        MockHttpSession browser = pendingLogIn();
        post(browser, "/login/code", "code", code(secret, 0));

        MockHttpServletResponse refused = post(browser, "/account/two-factor/off", "proof", "not my password");
        assertThat(refused.getStatus()).isEqualTo(200);
        assertThat(text(refused.getContentAsString()))
                .contains("That is neither your password nor a current code from your app: nothing was changed.");
        assertThat(switchedOn()).isTrue();

        MockHttpServletResponse off = post(browser, "/account/two-factor/off", "proof", PASSWORD);
        assertThat(off.getRedirectedUrl()).isEqualTo("/account/two-factor");
        assertThat(text(get(browser, "/account/two-factor").getContentAsString()))
                .contains("Two-factor authentication is off: log-ins ask for the password only.");
        assertThat(jdbc.queryForObject("select count(*) from recovery_codes where user_id = ?", Long.class, userId))
                .isZero();
        assertThat(logInAnswer(logInSession(), email, PASSWORD)).isEqualTo("/");
    }

    @Test
    void newRecoveryCodesNeedACurrentCodeOrThePasswordAndReplaceTheOldOnes() throws Exception {
        List<String> old = new ArrayList<>();
        String secret = enrolled(old);
        MockHttpSession browser = pendingLogIn();
        post(browser, "/login/code", "code", code(secret, 0));

        assertThat(text(post(browser, "/account/two-factor/recovery-codes", "proof", wrongCode(secret))
                        .getContentAsString()))
                .contains("That is neither your password nor a current code from your app: nothing was changed.");
        clock.advance(Duration.ofSeconds(30));
        MockHttpServletResponse made = post(browser, "/account/two-factor/recovery-codes", "proof", code(secret, 0));
        assertThat(made.getRedirectedUrl()).isEqualTo("/account/two-factor");
        String page = get(browser, "/account/two-factor").getContentAsString();
        List<String> fresh = recoveryCodesOn(page);
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(text(page)).contains("New recovery codes made: the old ones no longer work.");

        assertThat(text(post(pendingLogIn(), "/login/code", "code", old.getFirst())
                        .getContentAsString()))
                .contains("That code is not right");
        assertThat(post(pendingLogIn(), "/login/code", "code", fresh.getFirst()).getRedirectedUrl())
                .endsWith("/");
    }

    // helpers

    /** Switches two-factor authentication on for the test's account through its page; the secret. */
    private String enrolled() throws Exception {
        return enrolled(new ArrayList<>());
    }

    private String enrolled(List<String> recoveryCodes) throws Exception {
        MockHttpSession browser = logIn(email, PASSWORD);
        String secret = secretOn(get(browser, "/account/two-factor").getContentAsString());
        recoveryCodes.addAll(switchOn(browser, secret));
        // the enrolment used this step's code: log-ins in the test use the next step's
        clock.advance(Duration.ofSeconds(30));
        return secret;
    }

    private List<String> switchOn(MockHttpSession browser, String secret) throws Exception {
        MockHttpServletResponse on = post(browser, "/account/two-factor", "code", code(secret, 0));
        assertThat(on.getRedirectedUrl()).isEqualTo("/account/two-factor");
        String page = get(browser, "/account/two-factor").getContentAsString();
        assertThat(text(page))
                .contains("Two-factor authentication is on: log-ins now ask for a code after the password.");
        return recoveryCodesOn(page);
    }

    /** A browser that typed the right password of the test's account and is on the code page. */
    private MockHttpSession pendingLogIn() throws Exception {
        MockHttpSession browser = logInSession();
        assertThat(logInAnswer(browser, email, PASSWORD)).isEqualTo("/login/code");
        return browser;
    }

    /** A browser signed in with the password alone (the account has no second factor yet). */
    private MockHttpSession logIn(String email, String password) throws Exception {
        MockHttpSession browser = logInSession();
        assertThat(logInAnswer(browser, email, password)).isEqualTo("/");
        return browser;
    }

    private static MockHttpSession logInSession() {
        return new MockHttpSession();
    }

    private String logInAnswer(MockHttpSession browser, String email, String password) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/login")
                        .with(csrf())
                        .with(from(address))
                        .session(browser)
                        .param("username", email)
                        .param("password", password))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
    }

    private MockHttpServletResponse get(MockHttpSession browser, String path) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                        .session(browser)
                        .with(from(address)))
                .andReturn()
                .getResponse();
    }

    private MockHttpServletResponse post(MockHttpSession browser, String path, String name, String value)
            throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                        .with(csrf())
                        .with(from(address))
                        .session(browser)
                        .param(name, value))
                .andReturn()
                .getResponse();
    }

    /** The code an authenticator app shows {@code steps} time steps from now. */
    private String code(String secret, int steps) throws Exception {
        long step = Math.floorDiv(clock.instant().getEpochSecond(), 30) + steps;
        return new DefaultCodeGenerator().generate(secret, step);
    }

    /** Six digits that are no code of the secret anywhere near now. */
    private String wrongCode(String secret) throws Exception {
        List<String> near = List.of(code(secret, -1), code(secret, 0), code(secret, 1));
        for (int candidate = 0; ; candidate++) {
            String wrong = String.format("%06d", candidate);
            if (!near.contains(wrong)) {
                return wrong;
            }
        }
    }

    /** Whether the account's row says two-factor authentication is on. */
    private boolean switchedOn() {
        return jdbc.queryForObject(
                "select count(*) > 0 from two_factor where user_id = ? and enabled_at is not null",
                Boolean.class,
                userId);
    }

    private static String secretOn(String page) {
        return match(SECRET, page);
    }

    private static List<String> recoveryCodesOn(String page) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY_CODE.matcher(page);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    private static String match(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        assertThat(matcher.find()).as("the page shows " + pattern).isTrue();
        return matcher.group(1);
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").replace("&#39;", "'");
    }

    /** A client address no other test uses, so each test's address counts start at nothing. */
    private static String address() {
        UUID random = UUID.randomUUID();
        return "10." + (random.getLeastSignificantBits() & 0xff) + "."
                + ((random.getLeastSignificantBits() >> 8) & 0xff) + "."
                + ((random.getLeastSignificantBits() >> 16) & 0xff);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
