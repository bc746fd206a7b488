package io.cloudroutes.crweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKeyRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * crweb while its PostgreSQL is stalled (every PostgreSQL process frozen, connections open and silent, as a hung
 * server or a partitioned network leaves them) or down: the API and the pages answer 503 with Retry-After at once
 * instead of hanging, health says the database is down but the process alive, live status and recently used API keys keep
 * working, and everything works again when PostgreSQL comes back, without a restart. The server is this class's own.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
class PostgresOutageTest {

    @Autowired
    TeamRepository teamRepository;

    /**
     * A request that arrives during the stall; the answer takes about the pool's connection timeout (1 s), and more on
     * this shared machine: far less than the 30 s a hung request took.
     */
    private static final Duration ANSWERS_AT_ONCE = Duration.ofSeconds(4);
    /**
     * The first request may get a connection the pool handed out within the last half second, which it does not test
     * again: that request waits for the socket timeout (10 s), never longer.
     */
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(15);

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.startRestartable(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ApiKeyRepository apiKeys;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveRedis liveRedis;

    @Autowired
    PasswordEncoder passwords;

    RequestPostProcessor ops;
    String email;
    Monitor monitor;

    @BeforeEach
    void anAccountWithAFailedMonitor() {
        UserAccount account = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        email = account.getEmail();
        ops = user(accounts.loadUserByUsername(email));
        Monitor billing =
                new Monitor(teamRepository.personalTeamIdOf(account.getId()), account.getId(), "billing", "tcp");
        billing.setSettings(Map.of("host", "db.example.com", "port", "5432"));
        billing.setIntervalSeconds(30);
        billing.setTimeoutSeconds(5);
        monitor = monitors.save(billing);
        // as the actioner folds results into Redis
        liveRedis
                .connection()
                .sync()
                .hset(
                        RedisKeys.state(monitor.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS, "FAILED",
                                RedisKeys.StateField.REASON, "connection refused"));
    }

    @AfterEach
    void postgresRuns() throws Exception {
        infrastructure.resumePostgres();
        if (infrastructure.postgresStopped()) {
            infrastructure.startPostgresAgain();
        }
    }

    @Test
    void apiAndPagesAnswer503WithRetryAfterWhilePostgresIsStalledAndWorkAgainWhenItIsBack() throws Exception {
        String key = TestInfrastructure.apiKey(mvc, ops);
        mvc.perform(get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                .andExpect(status().isOk());

        infrastructure.stallPostgres();

        within(FIRST_ANSWER, get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                .andExpect(status().isServiceUnavailable());
        within(ANSWERS_AT_ONCE, get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(jsonPath("$.code").value("database_unavailable"))
                .andExpect(jsonPath("$.message", containsString("try again")));
        within(ANSWERS_AT_ONCE, get("/monitors").with(ops))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(content().string(containsString("Database unavailable")))
                .andExpect(content().string(containsString("cannot reach its database")));
        // a log-in cannot be checked either: that is not a wrong password
        within(
                        ANSWERS_AT_ONCE,
                        post("/login").with(csrf()).param("username", email).param("password", "secret"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("Database unavailable")));
        within(ANSWERS_AT_ONCE, get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"));
        within(ANSWERS_AT_ONCE, get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"));
        // a restart would not bring the database back: the process stays alive
        within(ANSWERS_AT_ONCE, get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));

        infrastructure.resumePostgres();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            mvc.perform(get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[0].name").value("billing"));
            mvc.perform(get("/monitors").with(ops)).andExpect(status().isOk());
            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        });
    }

    @Test
    void apiAndPagesAnswer503WhilePostgresIsDownAndWorkAgainOnceItIsStartedAgain() throws Exception {
        String key = TestInfrastructure.apiKey(mvc, ops);
        String status = "/api/v1/monitors/" + monitor.getId() + "/status";
        mvc.perform(get(status).with(TestInfrastructure.bearer(key))).andExpect(status().isOk());

        infrastructure.stopPostgres();

        within(ANSWERS_AT_ONCE, get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(jsonPath("$.code").value("database_unavailable"));
        within(ANSWERS_AT_ONCE, get("/reactions").with(ops))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("Database unavailable")));
        within(ANSWERS_AT_ONCE, get(status).with(TestInfrastructure.bearer(key)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FAILED"));
        within(ANSWERS_AT_ONCE, get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable());
        within(ANSWERS_AT_ONCE, get("/actuator/health/liveness")).andExpect(status().isOk());

        infrastructure.startPostgresAgain();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            mvc.perform(get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                    .andExpect(status().isOk());
            mvc.perform(get("/reactions").with(ops)).andExpect(status().isOk());
            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        });
    }

    @Test
    void liveStatusAnswersFromRedisWithARecentlyUsedKeyWhilePostgresIsStalledAndRevokedKeysAreRefused()
            throws Exception {
        String key = TestInfrastructure.apiKey(mvc, ops);
        String revokedElsewhere = TestInfrastructure.apiKey(mvc, ops);
        String revokedHere = TestInfrastructure.apiKey(mvc, ops);
        String status = "/api/v1/monitors/" + monitor.getId() + "/status";
        for (String each : new String[] {key, revokedElsewhere, revokedHere}) {
            mvc.perform(get(status).with(TestInfrastructure.bearer(each))).andExpect(status().isOk());
        }

        // revoked through this crweb: refused at once
        long hereId = apiKeys.findByKeyHash(SecretTokens.hash(revokedHere))
                .orElseThrow()
                .getId();
        mvc.perform(post("/account/api-keys/" + hereId + "/revoke").with(csrf()).with(ops));
        mvc.perform(get(status).with(TestInfrastructure.bearer(revokedHere))).andExpect(status().isUnauthorized());
        // revoked through another crweb (straight in the database): refused within the cache TTL (5 s)
        jdbc.update("update api_keys set revoked_at = now() where key_hash = ?", SecretTokens.hash(revokedElsewhere));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> mvc.perform(get(status).with(TestInfrastructure.bearer(revokedElsewhere)))
                        .andExpect(status().isUnauthorized()));
        mvc.perform(get(status).with(TestInfrastructure.bearer(key))).andExpect(status().isOk());

        infrastructure.stallPostgres();

        within(FIRST_ANSWER, get(status).with(TestInfrastructure.bearer(key))).andExpect(status().isOk());
        // for longer than the cache TTL (5 s): while the database is away, a key accepted before is accepted for reads
        await().during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(12))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> within(ANSWERS_AT_ONCE, get(status).with(TestInfrastructure.bearer(key)))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.status").value("FAILED"))
                        .andExpect(jsonPath("$.reason").value("connection refused"))
                        .andExpect(jsonPath("$.live").value(true)));
        for (String revoked : new String[] {revokedElsewhere, revokedHere}) {
            within(ANSWERS_AT_ONCE, get(status).with(TestInfrastructure.bearer(revoked)))
                    .andExpect(result ->
                            assertThat(result.getResponse().getStatus()).isIn(401, 503));
        }

        infrastructure.resumePostgres();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> mvc.perform(get("/api/v1/monitors").with(TestInfrastructure.bearer(key)))
                        .andExpect(status().isOk()));
        mvc.perform(get(status).with(TestInfrastructure.bearer(revokedElsewhere)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void webhooksOfAMonitorThatReportedBeforeAreStillRecordedWhilePostgresIsDown() throws Exception {
        io.cloudroutes.crweb.webhook.PushedMonitors pushed = new io.cloudroutes.crweb.webhook.PushedMonitors(
                mvc, ops, liveRedis.connection().sync());
        io.cloudroutes.crweb.webhook.PushedMonitors.Created backup = pushed.create("webhook", Map.of());
        io.cloudroutes.crweb.webhook.PushedMonitors.Created unseen = pushed.create("webhook", Map.of());
        String reports = "/api/v1/webhooks/generic/" + backup.id() + "/" + backup.secret();
        mvc.perform(get(reports + "/healthy")).andExpect(status().isAccepted());

        infrastructure.stopPostgres();

        within(FIRST_ANSWER, get(reports + "/failed").param("reason", "disk full"))
                .andExpect(status().isAccepted());
        // for longer than a secret is trusted without asking the database (5 s): accepted while it is away
        await().during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(12))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> within(ANSWERS_AT_ONCE, get(reports + "/failed").param("reason", "disk full"))
                                .andExpect(status().isAccepted()));
        assertThat(pushed.appended(backup.id()))
                .extracting(CheckResult::status)
                .startsWith(Status.HEALTHY)
                .contains(Status.FAILED);
        // what was not seen before cannot be checked now: not accepted, and not called a wrong secret either
        within(ANSWERS_AT_ONCE, get("/api/v1/webhooks/generic/" + unseen.id() + "/" + unseen.secret() + "/failed"))
                .andExpect(status().isServiceUnavailable());
        within(ANSWERS_AT_ONCE, get("/api/v1/webhooks/generic/" + backup.id() + "/" + unseen.secret() + "/failed"))
                .andExpect(status().isServiceUnavailable());
        assertThat(pushed.appended(unseen.id())).isEmpty();

        infrastructure.startPostgresAgain();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> mvc.perform(
                                get("/api/v1/webhooks/generic/" + backup.id() + "/" + unseen.secret() + "/failed"))
                        .andExpect(status().isUnauthorized()));
    }

    @Test
    void aBrowserSignedInThroughTheFormGetsTheOutagePageAndIsStillSignedInWhenPostgresIsBack() throws Exception {
        jdbc.update("update users set password_hash = ? where email = ?", passwords.encode("long enough pw"), email);
        // the browser's cookie jar: the session itself lives in PostgreSQL
        MockHttpSession browser = new MockHttpSession();
        mvc.perform(post("/login")
                        .with(csrf())
                        .session(browser)
                        .param("username", email)
                        .param("password", "long enough pw"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string(HttpHeaders.LOCATION, "/"));
        mvc.perform(get("/monitors").session(browser)).andExpect(status().isOk());

        infrastructure.stopPostgres();

        within(ANSWERS_AT_ONCE, get("/monitors").session(browser))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(content().string(containsString("Database unavailable")));

        infrastructure.startPostgresAgain();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> mvc.perform(get("/monitors").session(browser))
                        .andExpect(status().isOk())
                        .andExpect(content().string(containsString("billing"))));
    }

    /** Performs the request, failing if no answer came within {@code bound}. */
    private ResultActions within(Duration bound, MockHttpServletRequestBuilder request) {
        return assertTimeoutPreemptively(bound, () -> mvc.perform(request), () -> "no answer within " + bound);
    }
}
