package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.TestMailbox;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Signing up and logging in as an attacker would try them, against real PostgreSQL, Redis and SMTP with a clock the
 * test moves: sign-up does not tell which emails are registered, passwords are compared on every byte or refused, and
 * failed log-ins lock out an email address (whoever tries it, from wherever) and a client address (whatever emails it
 * tries), saying until when and nothing about whether the account exists.
 */
@CrwebIntegrationTest
@Import({TestClock.InPlace.class, TestMailbox.InPlace.class})
class LogInAndSignUpTest {

    static final String PASSWORD = "correct horse battery staple";
    static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

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
    LiveRedis redis;

    @Autowired
    LoginThrottleProperties throttling;

    @Autowired
    TestMailbox mailbox;

    private static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A client address no other test uses, so each test's address counts start at nothing. */
    private static String address() {
        UUID random = UUID.randomUUID();
        return "10." + (random.getLeastSignificantBits() & 0xff) + "."
                + ((random.getLeastSignificantBits() >> 8) & 0xff) + "."
                + ((random.getLeastSignificantBits() >> 16) & 0xff);
    }

    private String account(String who, String password) {
        String email = email(who);
        users.save(new UserAccount(email, passwords.encode(password)));
        return email;
    }

    /** What the log-in form's POST led to, and the page it redirected to as that browser sees it. */
    record LogIn(String location, String page) {

        boolean loggedIn() {
            return location.equals("/");
        }
    }

    private LogIn logIn(String email, String password, String from) throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult answer = mvc.perform(post("/login")
                        .with(csrf())
                        .session(session)
                        .param("username", email)
                        .param("password", password)
                        .with(from(from)))
                .andReturn();
        assertThat(answer.getResponse().getStatus()).as("log-in answer").isEqualTo(302);
        String location = answer.getResponse().getRedirectedUrl();
        String page = location.startsWith("/login")
                ? mvc.perform(get(location).session(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()
                : "";
        return new LogIn(location, page);
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    // sign-up

    @Test
    void aRegisteredEmailGetsTheSameAnswerAsANewOneAndKeepsItsPassword() throws Exception {
        String registered = account("alice", PASSWORD);
        String hashBefore =
                jdbc.queryForObject("select password_hash from users where email = ?", String.class, registered);
        long before = users.count();

        MvcResult fresh = mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", email("new"))
                        .param("password", "another long password"))
                .andReturn();
        MvcResult taken = mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", registered.toUpperCase())
                        .param("password", "another long password"))
                .andReturn();

        assertThat(taken.getResponse().getStatus())
                .isEqualTo(fresh.getResponse().getStatus())
                .isEqualTo(302);
        assertThat(taken.getResponse().getRedirectedUrl())
                .isEqualTo(fresh.getResponse().getRedirectedUrl())
                .isEqualTo("/login?signedUp");
        assertThat(taken.getResponse().getContentAsString())
                .isEqualTo(fresh.getResponse().getContentAsString());
        assertThat(users.count()).as("only the new email got an account").isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("select password_hash from users where email = ?", String.class, registered))
                .as("the registered account keeps its password")
                .isEqualTo(hashBefore);
        String page = text(
                mvc.perform(get("/login?signedUp")).andReturn().getResponse().getContentAsString());
        assertThat(page)
                .contains(
                        "Check your inbox. If this email address had no account yet, we sent it a link that confirms "
                                + "it",
                        "If it already had one, we sent it a note instead and nothing was changed: log in with that "
                                + "account's password");
        assertThat(logIn(registered, PASSWORD, address()).loggedIn()).isTrue();
    }

    @Test
    void aPasswordLongerThan72BytesIsAFieldErrorNamingTheLimitInBytes() throws Exception {
        String email = email("long");
        // 37 characters, 74 bytes in UTF-8: under any limit in characters, over BCrypt's in bytes
        String password = "ä".repeat(37);
        MvcResult answer = mvc.perform(
                        post("/signup").with(csrf()).param("email", email).param("password", password))
                .andReturn();
        assertThat(answer.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(answer.getResponse().getContentAsString()))
                .contains("use at most 72 bytes: this one is 74 bytes in UTF-8");
        assertThat(users.findByEmail(email)).isEmpty();

        MvcResult huge = mvc.perform(
                        post("/signup").with(csrf()).param("email", email).param("password", "x".repeat(100_000)))
                .andReturn();
        assertThat(huge.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(huge.getResponse().getContentAsString())).contains("this one is 100000 bytes");
        assertThat(users.findByEmail(email)).isEmpty();
    }

    @Test
    void logInComparesEveryByteOfThePasswordAndTakesOverlongFieldsAsAFailure() throws Exception {
        String password = "p".repeat(71) + "!";
        String email = email("exact");
        mvc.perform(post("/signup").with(csrf()).param("email", email).param("password", password));
        String link = mailbox.first(email).link(CrwebIntegrationTest.PUBLIC_URL + "/email-confirmation?token=");
        mvc.perform(get(link.substring(CrwebIntegrationTest.PUBLIC_URL.length())))
                .andExpect(header().string("Location", "/login?confirmed"));
        String from = address();
        assertThat(logIn(email, password + "anything after the 72 bytes", from).loggedIn())
                .isFalse();
        assertThat(logIn(email, password + "x", from).location()).isEqualTo("/login?error");
        assertThat(logIn(email, "y".repeat(100_000), from).location()).isEqualTo("/login?error");
        assertThat(logIn("x".repeat(300) + "@example.com", password, from).location())
                .isEqualTo("/login?error");
        assertThat(logIn(email, password, from).loggedIn()).isTrue();
    }

    // throttling

    @Test
    void anEmailIsLockedOutAfterFiveFailuresFromAnywhereAndSaysUntilWhen() throws Exception {
        String email = account("carol", PASSWORD);
        for (int failure = 1; failure < 5; failure++) {
            assertThat(logIn(email, "wrong password", address()).location()).isEqualTo("/login?error");
        }
        Instant lockedAt = clock.instant();
        LogIn fifth = logIn(email, "wrong password", address());
        assertThat(fifth.location()).isEqualTo("/login?locked");
        assertThat(text(fifth.page()))
                .contains("Too many failed log-ins for this email address: try again after "
                        + UTC.format(lockedAt.plus(throttling.lockout())) + " (in 1 minute).");

        // the right password does not get in while it lasts, from any address, and is not even checked
        LogIn right = logIn(email, PASSWORD, address());
        assertThat(right.loggedIn()).isFalse();
        assertThat(text(right.page())).contains("Too many failed log-ins for this email address");

        clock.advance(Duration.ofSeconds(61));
        assertThat(logIn(email, PASSWORD, address()).loggedIn())
                .as("after the lock-out")
                .isTrue();
        // a successful log-in starts the count again: four failures lock nothing
        for (int failure = 1; failure < 5; failure++) {
            assertThat(logIn(email, "wrong password", address()).location()).isEqualTo("/login?error");
        }
    }

    @Test
    void anEmailWithoutAnAccountIsLockedOutInTheSameWords() throws Exception {
        String nobody = email("nobody");
        String somebody = account("dave", PASSWORD);
        LogIn[] last = new LogIn[2];
        for (int failure = 1; failure <= 5; failure++) {
            last[0] = logIn(nobody, "wrong password", address());
            last[1] = logIn(somebody, "wrong password", address());
            assertThat(last[0].location()).isEqualTo(last[1].location());
        }
        assertThat(last[0].location()).isEqualTo("/login?locked");
        assertThat(text(last[0].page()))
                .isEqualTo(text(last[1].page()))
                .contains("Too many failed log-ins for this email address");
    }

    @Test
    void lockOutsInARowLastTwiceAsLongEachTime() throws Exception {
        String email = account("erin", PASSWORD);
        String[] expected = {"(in 1 minute)", "(in 2 minutes)", "(in 4 minutes)"};
        for (String length : expected) {
            LogIn last = null;
            for (int failure = 1; failure <= 5; failure++) {
                last = logIn(email, "wrong password", address());
            }
            assertThat(text(last.page())).contains(length);
            clock.advance(Duration.ofMinutes(5));
        }
    }

    @Test
    void oneClientAddressTryingManyEmailsIsLockedOutWhateverItTries() throws Exception {
        String attacker = "203.0.113.7";
        String victim = account("frank", PASSWORD);
        // a working log-in from the same address does not clear the address's count
        String own = account("mallory", PASSWORD);
        assertThat(logIn(own, PASSWORD, attacker).loggedIn()).isTrue();
        LogIn last = null;
        for (int failure = 1; failure <= throttling.failuresPerAddress(); failure++) {
            last = logIn(email("stuffed"), "password123", attacker);
            if (failure == throttling.failuresPerAddress() / 2) {
                assertThat(logIn(own, PASSWORD, attacker).loggedIn()).isTrue();
            }
        }
        assertThat(last.location()).isEqualTo("/login?locked");
        assertThat(text(last.page())).contains("Too many failed log-ins from your network address: try again after");

        assertThat(logIn(victim, PASSWORD, attacker).loggedIn())
                .as("from the locked-out address")
                .isFalse();
        assertThat(logIn(victim, PASSWORD, "198.51.100.20").loggedIn())
                .as("from another address")
                .isTrue();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        LogIn last = null;
        for (int failure = 1; failure <= throttling.failuresPerAddress(); failure++) {
            last = logIn(email("v6"), "password123", "2001:db8:77:1::" + Integer.toHexString(failure));
        }
        assertThat(last.location()).isEqualTo("/login?locked");
        String email = account("grace", PASSWORD);
        assertThat(logIn(email, PASSWORD, "2001:db8:77:1:ffff::9").loggedIn()).isFalse();
        assertThat(logIn(email, PASSWORD, "2001:db8:77:2::1").loggedIn()).isTrue();
    }

    @Test
    void wrongApiKeysFromOneAddressAreAnswered429ForAWhile() throws Exception {
        String email = account("henry", PASSWORD);
        String key = SecretTokens.generate("crk_");
        jdbc.update(
                "with o as (select ?::bigint as id) insert into api_keys (team_id, owner_id, name, prefix, key_hash) "
                        + "select t.id, o.id, 'ci', ?, ? from o join teams t on t.personal_of = o.id",
                users.findByEmail(email).orElseThrow().getId(),
                key.substring(0, 10),
                SecretTokens.hash(key));
        String scanner = address();
        for (int failure = 1; failure <= throttling.failedKeysPerAddress(); failure++) {
            mvc.perform(get("/api/v1/monitors")
                            .header("Authorization", "Bearer crk_guess" + failure)
                            .with(from(scanner)))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/monitors")
                        .header("Authorization", "Bearer " + key)
                        .with(from(scanner)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(jsonPath("$.code").value("too_many_failures"))
                .andExpect(jsonPath("$.message")
                        .value(containsString(
                                "Too many requests with an API key that is not valid came from your network address")));
        mvc.perform(get("/api/v1/monitors")
                        .header("Authorization", "Bearer " + key)
                        .with(from(address())))
                .andExpect(status().isOk());
        clock.advance(throttling.lockout());
        mvc.perform(get("/api/v1/monitors")
                        .header("Authorization", "Bearer " + key)
                        .with(from(scanner)))
                .andExpect(status().isOk());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void everyCrwebSeesTheSameCounts() {
        LoginThrottle one = new LoginThrottle(throttling, redis, clock);
        LoginThrottle other = new LoginThrottle(throttling, redis, clock);
        String email = email("shared");
        for (int failure = 1; failure < 5; failure++) {
            assertThat((failure % 2 == 0 ? one : other).failed(email, address()))
                    .isEmpty();
        }
        assertThat(one.failed(email, address())).isPresent();
        Optional<LoginThrottle.Lockout> seenByOther = other.lockout(email, address());
        assertThat(seenByOther).isPresent();
        assertThat(seenByOther.get().subject()).isEqualTo(LoginThrottle.Subject.ACCOUNT);
    }
}
