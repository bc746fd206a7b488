package io.cloudroutes.crweb.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Duration;
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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Log-in sessions as people use them, against the real session store (PostgreSQL) with a clock the test moves: kept
 * between requests, listed with where and how they were made, signed out one by one or all but this one (only by
 * their own person), ended by themselves when idle or old, and ended everywhere else by a password change.
 */
@CrwebIntegrationTest
@Import(TestClock.InPlace.class)
class LoginSessionsTest {

    static final String PASSWORD = "correct horse battery staple";
    static final String FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String SAFARI_ON_IOS = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final Pattern SIGN_OUT_FORM = Pattern.compile("/account/sessions/([0-9a-f-]{36})/sign-out");

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcTemplate jdbc;

    String alice;
    Browser laptop;
    Browser office;

    @BeforeEach
    void aliceWithTwoBrowsers() {
        alice = person("alice");
        laptop = new Browser(mvc, "127.0.0.7", FIREFOX_ON_LINUX);
        office = new Browser(mvc, "::1", CHROME_ON_WINDOWS);
    }

    private String person(String who) {
        String email = who + "-" + UUID.randomUUID() + "@example.com";
        users.save(new UserAccount(email, passwords.encode(PASSWORD)));
        return email;
    }

    @Test
    void sessionsLastAcrossRequestsAndAreListedWithAddressAndBrowser() throws Exception {
        assertThat(laptop.logIn(alice, PASSWORD)).isEqualTo("/");
        assertThat(office.logIn(alice, PASSWORD)).isEqualTo("/");

        assertThat(laptop.redirectOf("/monitors")).isNull();
        assertThat(laptop.redirectOf("/")).isNull();
        String page = text(laptop.page("/account/sessions"));

        assertThat(page)
                .contains("Firefox on Linux (this session) 127.0.0.7")
                .contains("Chrome on Windows ::1")
                .contains("Sign out all other sessions");
        assertThat(page.split("this session", -1)).hasSize(2);
        // the log-in time by crweb's clock
        assertThat(page).contains("2026-");
    }

    @Test
    void signingOutAnotherSessionSendsItsBrowserToTheLogInPage() throws Exception {
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);

        List<String> others = signOutHandles(laptop.page("/account/sessions"));
        assertThat(others).hasSize(1);
        MvcResult signedOut = laptop.perform(
                post("/account/sessions/" + others.getFirst() + "/sign-out").with(csrf()));

        assertThat(signedOut.getResponse().getRedirectedUrl()).isEqualTo("/account/sessions");
        assertThat(office.redirectOf("/monitors")).isEqualTo("/login?expired");
        assertThat(text(office.page("/login?expired"))).contains("Your session expired or was signed out");
        assertThat(laptop.redirectOf("/monitors")).isNull();
        assertThat(signOutHandles(laptop.page("/account/sessions"))).isEmpty();
    }

    @Test
    void anotherPersonCannotSeeOrEndASessionThatIsNotTheirs() throws Exception {
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);
        String officeHandle = signOutHandles(laptop.page("/account/sessions")).getFirst();
        Browser bobs = new Browser(mvc, "127.0.0.9", SAFARI_ON_IOS);
        bobs.logIn(person("bob"), PASSWORD);

        assertThat(bobs.page("/account/sessions")).doesNotContain(officeHandle).doesNotContain("Chrome on Windows");
        MvcResult refused = bobs.perform(
                post("/account/sessions/" + officeHandle + "/sign-out").with(csrf()));

        assertThat(refused.getResponse().getStatus()).isEqualTo(404);
        assertThat(office.redirectOf("/monitors")).isNull();
    }

    @Test
    void aSignOutFormWithoutItsCsrfTokenIsRefused() throws Exception {
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);
        String officeHandle = signOutHandles(laptop.page("/account/sessions")).getFirst();

        assertThat(laptop.perform(post("/account/sessions/" + officeHandle + "/sign-out"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(laptop.perform(post("/account/sessions/sign-out-others"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(office.redirectOf("/monitors")).isNull();
    }

    @Test
    void signingOutAllOtherSessionsKeepsOnlyThisOne() throws Exception {
        Browser phone = new Browser(mvc, "127.0.0.8", SAFARI_ON_IOS);
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);
        phone.logIn(alice, PASSWORD);

        MvcResult done =
                laptop.perform(post("/account/sessions/sign-out-others").with(csrf()));

        assertThat(done.getFlashMap().get("notice")).isEqualTo("Signed out 2 other sessions.");
        assertThat(office.redirectOf("/")).isEqualTo("/login?expired");
        assertThat(phone.redirectOf("/")).isEqualTo("/login?expired");
        assertThat(text(laptop.page("/account/sessions")))
                .contains("Firefox on Linux (this session)")
                .doesNotContain("Safari")
                .doesNotContain("Chrome");
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() throws Exception {
        laptop.logIn(alice, PASSWORD);

        clock.advance(Duration.ofHours(8).minusMinutes(1));
        assertThat(laptop.redirectOf("/")).isNull();
        // used just now: the next 8 hours start again
        clock.advance(Duration.ofHours(8).minusMinutes(1));
        assertThat(laptop.redirectOf("/")).isNull();
        clock.advance(Duration.ofHours(8));

        assertThat(laptop.redirectOf("/monitors")).isEqualTo("/login?expired");
        assertThat(text(laptop.page("/login?expired"))).contains("Your session expired");
        // ended for good, not only this once
        assertThat(laptop.redirectOf("/monitors")).isEqualTo("/login");
    }

    @Test
    void aSessionEndsSevenDaysAfterItsLogInHoweverBusy() throws Exception {
        laptop.logIn(alice, PASSWORD);

        for (int hours = 6; hours < 7 * 24; hours += 6) {
            clock.advance(Duration.ofHours(6));
            assertThat(laptop.redirectOf("/")).as("after %d hours", hours).isNull();
        }
        clock.advance(Duration.ofHours(6));

        assertThat(laptop.redirectOf("/")).isEqualTo("/login?expired");
        assertThat(laptop.redirectOf("/")).isEqualTo("/login");
    }

    @Test
    void aWrongCurrentPasswordIsRefusedOnItsFieldAndChangesNothing() throws Exception {
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);
        String hashBefore = users.findByEmail(alice).orElseThrow().getPasswordHash();

        MvcResult refused = laptop.perform(changePassword("not my password at all", "a brand new passphrase"));

        assertThat(refused.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(refused.getResponse().getContentAsString()))
                .contains("this is not your current password")
                .doesNotContain("not my password at all");
        assertThat(users.findByEmail(alice).orElseThrow().getPasswordHash()).isEqualTo(hashBefore);
        assertThat(office.redirectOf("/monitors")).isNull();
        assertThat(new Browser(mvc, "127.0.0.7", FIREFOX_ON_LINUX).logIn(alice, PASSWORD))
                .isEqualTo("/");
    }

    @Test
    void aNewPasswordFollowsTheSignUpRules() throws Exception {
        laptop.logIn(alice, PASSWORD);
        String hashBefore = users.findByEmail(alice).orElseThrow().getPasswordHash();

        String tooShort = text(
                laptop.perform(changePassword(PASSWORD, "short")).getResponse().getContentAsString());
        String differs = text(laptop.perform(post("/account/password")
                        .with(csrf())
                        .param("currentPassword", PASSWORD)
                        .param("newPassword", "a brand new passphrase")
                        .param("repeatedPassword", "a brand new passphrasE"))
                .getResponse()
                .getContentAsString());
        String tooLong = text(laptop.perform(changePassword(PASSWORD, "é".repeat(40)))
                .getResponse()
                .getContentAsString());

        assertThat(tooShort).contains("use at least 10 characters");
        assertThat(differs).contains("the two new passwords differ");
        assertThat(tooLong).contains("use at most 72 bytes: this one is 80 bytes");
        assertThat(users.findByEmail(alice).orElseThrow().getPasswordHash()).isEqualTo(hashBefore);
    }

    @Test
    void changingThePasswordSignsOutEveryOtherSessionAndKeepsThisOneUnderANewId() throws Exception {
        laptop.logIn(alice, PASSWORD);
        office.logIn(alice, PASSWORD);
        String cookieBefore = laptop.sessionCookie();

        MvcResult changed = laptop.perform(changePassword(PASSWORD, "a brand new passphrase"));

        assertThat(changed.getResponse().getRedirectedUrl()).isEqualTo("/account/sessions");
        assertThat(laptop.sessionCookie()).isNotNull().isNotEqualTo(cookieBefore);
        assertThat(text(laptop.page("/account/sessions")))
                .contains("Your password was changed")
                .contains("Firefox on Linux (this session)")
                .doesNotContain("Chrome on Windows");
        assertThat(office.redirectOf("/monitors")).isEqualTo("/login?expired");
        assertThat(office.logIn(alice, PASSWORD)).isEqualTo("/login?error");
        // back to the page it asked for
        assertThat(office.logIn(alice, "a brand new passphrase")).endsWith("/monitors");
    }

    @Test
    void webhooksPingsAndHealthProbesNeverOpenASession() throws Exception {
        laptop.logIn(alice, PASSWORD);
        Integer before = jdbc.queryForObject("select count(*) from spring_session", Integer.class);

        for (String path :
                new String[] {"/actuator/health", "/ping/1/not-a-secret", "/api/v1/webhooks/generic/1/x/failed"}) {
            MvcResult answer = laptop.perform(get(path));
            assertThat(answer.getResponse().getHeaders(HttpHeaders.SET_COOKIE))
                    .as(path)
                    .noneMatch(cookie -> cookie.startsWith("SESSION="));
        }

        assertThat(jdbc.queryForObject("select count(*) from spring_session", Integer.class))
                .isEqualTo(before);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder changePassword(
            String current, String replacement) {
        return post("/account/password")
                .with(csrf())
                .param("currentPassword", current)
                .param("newPassword", replacement)
                .param("repeatedPassword", replacement);
    }

    private static List<String> signOutHandles(String page) {
        Matcher forms = SIGN_OUT_FORM.matcher(page);
        List<String> handles = new java.util.ArrayList<>();
        while (forms.find()) {
            handles.add(forms.group(1));
        }
        return handles;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }
}
