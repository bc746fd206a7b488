package io.cloudroutes.crweb.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.monitor.MonitorForm;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each account is held to the operator's quotas: a count (monitors, reactions, API keys) refuses the next one with
 * 403 and a page message, a rate (real test runs, emails) with 429 and when to try again; each names its setting.
 */
@SpringBootTest(
        classes = {CrwebApplication.class, QuotasTest.StillClock.class},
        properties = {
            "spring.config.name=crweb",
            "cloudroutes.quota.monitors=2",
            "cloudroutes.quota.reactions=1",
            "cloudroutes.quota.api-keys=2",
            "cloudroutes.quota.test-runs-per-minute=2",
            "cloudroutes.quota.emails-per-hour=1"
        })
@AutoConfigureMockMvc
class QuotasTest {

    @Autowired
    TeamRepository teamRepository;

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    /** A clock that stands still: rates are counted at one instant, whatever the machine's speed. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StillClock {
        @Bean
        @Primary
        Clock stillClock() {
            return Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    MonitorService monitorService;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    UserAccount account;
    RequestPostProcessor person;
    RequestPostProcessor apiKey;

    @BeforeEach
    void aNewAccount() throws Exception {
        account = users.save(new UserAccount("quota-" + UUID.randomUUID() + "@example.com", "x"));
        person = user(accounts.loadUserByUsername(account.getEmail()));
        // the account's first API key, which counts against its quota of keys
        apiKey = TestInfrastructure.bearer(TestInfrastructure.apiKey(mvc, person));
    }

    private MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request) {
        return request.with(apiKey).contentType(MediaType.APPLICATION_JSON);
    }

    private long monitors() {
        return jdbc.queryForObject("select count(*) from monitors where owner_id = ?", Long.class, account.getId());
    }

    private static final String TCP_MONITOR = """
            {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
             "settings":{"host":"db.internal","port":"5432"}}""";

    @Test
    void monitorsPastTheQuotaAreRefusedInTheApiAndOnThePageNamingTheSetting() throws Exception {
        for (int i = 0; i < 2; i++) {
            mvc.perform(api(post("/api/v1/monitors")).content(TCP_MONITOR)).andExpect(status().isCreated());
        }
        mvc.perform(api(post("/api/v1/monitors")).content(TCP_MONITOR))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("quota_exceeded"))
                .andExpect(jsonPath("$.fields.quota").value("CLOUDROUTES_QUOTA_MONITORS"))
                .andExpect(jsonPath("$.message")
                        .value(containsString("you have 2 monitors, the most this "
                                + "installation allows one team (CLOUDROUTES_QUOTA_MONITORS=2)")));
        mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(person)
                        .param("name", "shop")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "5432"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("CLOUDROUTES_QUOTA_MONITORS=2")));
        assertThat(monitors()).isEqualTo(2);
    }

    @Test
    void reactionsPastTheQuotaAreRefused() throws Exception {
        String slack = """
                {"name":"ops","reactionType":"slack","settings":{"webhookUrl":"https://hooks.slack.com/services/T/B/x"}}""";
        mvc.perform(api(post("/api/v1/reactions")).content(slack)).andExpect(status().isCreated());
        mvc.perform(api(post("/api/v1/reactions")).content(slack))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.fields.quota").value("CLOUDROUTES_QUOTA_REACTIONS"));
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(person)
                        .param("name", "ops 2")
                        .param("reactionType", "slack")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("timeoutSeconds", "30")
                        .param("maxAttempts", "3")
                        .param("escalationStep", "1")
                        .param("escalationWaitSeconds", "0")
                        .param("settings[webhookUrl]", "https://hooks.slack.com/services/T/B/y"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("you have 1 reaction, the most this installation allows "
                                + "one team (CLOUDROUTES_QUOTA_REACTIONS=1)")));
        assertThat(reactions.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(account.getId())))
                .hasSize(1);
    }

    @Test
    void apiKeysPastTheQuotaAreRefusedAndARevokedOneFreesItsPlace() throws Exception {
        // the key the API calls are made with is the first of the two
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "ci"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "one more"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("CLOUDROUTES_QUOTA_API_KEYS=2")));
        mvc.perform(api(post("/api/v1/api-keys")).content("{\"name\":\"terraform\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.fields.quota").value("CLOUDROUTES_QUOTA_API_KEYS"));
        long ci = jdbc.queryForObject(
                "select id from api_keys where owner_id = ? and name = 'ci'", Long.class, account.getId());
        mvc.perform(post("/account/api-keys/" + ci + "/revoke").with(csrf()).with(person));
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "replacement"))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void anExpiredApiKeyNoLongerTakesAPlace() throws Exception {
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "ci"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "one more"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("CLOUDROUTES_QUOTA_API_KEYS=2")));
        // "ci" expired a second before now (the still clock's 10:00)
        jdbc.update(
                "update api_keys set expires_at = timestamptz '2026-12-01 09:59:59+00' where owner_id = ? "
                        + "and name = 'ci'",
                account.getId());
        mvc.perform(post("/account/api-keys").with(csrf()).with(person).param("name", "one more"))
                .andExpect(status().is3xxRedirection());
    }

    private long webhookReaction() {
        ReactionConfig reaction = new ReactionConfig(
                teamRepository.personalTeamIdOf(account.getId()), account.getId(), "hook", "webhook");
        reaction.setSettings(Map.of("url", "http://127.0.0.1:9/hook"));
        reaction.setTimeoutSeconds(2);
        reaction.setMaxAttempts(1);
        return reactions.save(reaction).getId();
    }

    @Test
    void realTestRunsPastTheRateAreRefusedWithWhenToTryAgainWhileDryRunsStayFree() throws Exception {
        long id = webhookReaction();
        String real = "{\"dryRun\":false,\"confirm\":true}";
        for (int i = 0; i < 2; i++) {
            mvc.perform(api(post("/api/v1/reactions/" + id + "/test")).content(real))
                    .andExpect(status().isOk());
        }
        mvc.perform(api(post("/api/v1/reactions/" + id + "/test")).content(real))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "60"))
                .andExpect(jsonPath("$.code").value("quota_exceeded"))
                .andExpect(jsonPath("$.message")
                        .value(containsString("your quota of real test runs is used up: 2 "
                                + "a minute (CLOUDROUTES_QUOTA_TEST_RUNS_PER_MINUTE=2); try again in 60 s")));
        mvc.perform(post("/reactions/" + id + "/test")
                        .with(csrf())
                        .with(person)
                        .param("mode", "real")
                        .param("confirm", "true"))
                .andExpect(flash().attribute("testError", containsString("CLOUDROUTES_QUOTA_TEST_RUNS_PER_MINUTE")));
        mvc.perform(api(post("/api/v1/reactions/" + id + "/test")).content("{}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.request").value(containsString("POST http://127.0.0.1:9/hook")));
    }

    @Test
    void anEmailTestRunPastTheHourlyEmailQuotaSendsNothingAndSaysSo() throws Exception {
        ReactionConfig mail = new ReactionConfig(
                teamRepository.personalTeamIdOf(account.getId()), account.getId(), "mail on-call", "email");
        mail.setSettings(Map.of("to", "oncall@example.com"));
        long id = reactions.save(mail).getId();
        String real = "{\"dryRun\":false,\"confirm\":true}";
        mvc.perform(api(post("/api/v1/reactions/" + id + "/test")).content(real))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("LOGGED"));
        mvc.perform(api(post("/api/v1/reactions/" + id + "/test")).content(real))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("FAILED"))
                .andExpect(
                        jsonPath("$.output")
                                .value(
                                        containsString(
                                                "Email not sent: this team's quota of emails "
                                                        + "is used up, 1 an hour (CLOUDROUTES_QUOTA_EMAILS_PER_HOUR=1); the next email can go in 60 min")));
    }

    @Test
    void twoMonitorsCreatedAtOnceCannotBothTakeTheLastPlace() throws Exception {
        mvc.perform(api(post("/api/v1/monitors")).content(TCP_MONITOR)).andExpect(status().isCreated());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch firstCounted = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        try {
            Future<Optional<Monitor>> first = threads.submit(() -> transactions.execute(status -> {
                Optional<Monitor> created = create("first");
                firstCounted.countDown();
                try {
                    firstMayCommit.await(30, TimeUnit.SECONDS); // holds its transaction open, as a slow request would
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return created;
            }));
            assertThat(firstCounted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Optional<Monitor>> second = threads.submit(() -> create("second"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject(
                                    "select count(*) from "
                                            + "pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
                                    Long.class)
                            > 0);
            firstMayCommit.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isPresent();
            assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(QuotaExceededException.class)
                    .hasMessageContaining("CLOUDROUTES_QUOTA_MONITORS=2");
            assertThat(monitors()).isEqualTo(2);
        } finally {
            firstMayCommit.countDown();
            threads.shutdownNow();
        }
    }

    private Optional<Monitor> create(String name) {
        CheckType tcp = monitorService.types().find("tcp").orElseThrow();
        MonitorForm form = new MonitorForm(monitorService.newDraft(tcp));
        form.setName(name);
        form.setSettings(new java.util.LinkedHashMap<>(Map.of("host", "db.internal", "port", "5432")));
        SaveResult<MonitorService.Created> result = monitorService.create(
                teamRepository.personalTeamIdOf(account.getId()), account.getId(), form.draft(), List.of());
        return result instanceof SaveResult.Saved<MonitorService.Created> saved
                ? Optional.of(saved.value().monitor())
                : Optional.empty();
    }
}
