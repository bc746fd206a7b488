package io.cloudroutes.crweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisCommandStats;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.monitor.MonitorForm;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.crweb.webhook.PushedMonitors;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.servlet.FlashMap;

/**
 * The webhook endpoints and the secrets that guard them, against real PostgreSQL and Redis: what a sender is answered,
 * and what lands on the results stream the actioners consume.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
class WebhookEndpointsTest {

    static final String PUBLIC_URL = "https://cloudroutes.example.com";

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
        registry.add("cloudroutes.public-url", () -> PUBLIC_URL + "/");
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
    MonitorService monitorService;

    @Autowired
    PushSecrets pushSecrets;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveRedis liveRedis;

    RedisCommands<String, String> redis;
    UserAccount owner;
    RequestPostProcessor alice;

    @BeforeEach
    void anOwner() {
        redis = liveRedis.connection().sync();
        owner = users.save(new UserAccount("alice-" + UUID.randomUUID() + "@example.com", "x"));
        alice = user(accounts.loadUserByUsername(owner.getEmail()));
    }

    /** A monitor created through the form, and the secret the next page showed once. */
    record Created(long id, String secret, FlashMap flash) {}

    private Created create(String type, Map<String, String> settings) throws Exception {
        PushedMonitors.Created created = new PushedMonitors(mvc, alice, redis).create(type, settings);
        return new Created(created.id(), created.secret(), created.flash());
    }

    private Created datadog(String warnAs) throws Exception {
        return create("datadog", Map.of("warnAs", warnAs));
    }

    private List<CheckResult> appended(long monitorId) {
        return new PushedMonitors(mvc, alice, redis).appended(monitorId);
    }

    private static String datadogPayload(String id, String transition) {
        return """
                {"id":"%s","alert_transition":"%s","title":"[Triggered] p99 latency on shop","body":"p99 is 2.4 s",\
                "link":"https://app.datadoghq.com/event/event?id=%s"}""".formatted(id, transition, id);
    }

    private static String alertmanagerPayload(String... alerts) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"x\\"}","status":"firing","receiver":"cloudroutes",\
                "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",\
                "truncatedAlerts":0,"alerts":[%s]}""".formatted(String.join(",", alerts));
    }

    private static String alert(String status, String fingerprint, String name, String summary) {
        return """
                {"status":"%s","labels":{"alertname":"%s","severity":"page"},"annotations":{"summary":"%s"},\
                "startsAt":"2026-11-25T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",\
                "generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}""".formatted(status, name, summary, fingerprint);
    }

    // --- secrets: issued once, stored as a hash, rotated

    @Test
    void creatingAWebhookMonitorShowsItsSecretOnceAndStoresOnlyItsHash() throws Exception {
        Created created = create("webhook", Map.of());

        assertThat(created.secret()).startsWith("crw_").hasSize(4 + 43);
        assertThat(jdbc.queryForObject(
                        "select push_secret_hash from monitors where id = ?", String.class, created.id()))
                .isEqualTo(SecretTokens.hash(created.secret()));
        assertThat(jdbc.queryForObject(
                        "select count(*) from monitors where cast(settings as text) like ? "
                                + "or push_secret_hash = ?",
                        Integer.class,
                        "%" + created.secret() + "%",
                        created.secret()))
                .isZero();
        String base = PUBLIC_URL + "/api/v1/webhooks/generic/" + created.id();
        mvc.perform(get("/monitors/" + created.id()).with(alice).flashAttrs(created.flash()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(created.secret())))
                .andExpect(content().string(containsString("shown only now")))
                .andExpect(content().string(containsString(base + "/" + created.secret() + "/failed")));
        mvc.perform(get("/monitors/" + created.id()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString(created.secret()))))
                .andExpect(content().string(containsString(base + "/&lt;secret&gt;/failed")))
                .andExpect(content().string(containsString("Rotate secret")));
    }

    @Test
    void aMonitorCheckedByWorkersGetsNoSecret() throws Exception {
        Created created = create("tcp", Map.of("host", "db.internal", "port", "5432"));
        assertThat(created.secret()).isNull();
        assertThat(monitors.findById(created.id()).orElseThrow().getPushSecretHash())
                .isNull();
    }

    @Test
    void rotatingTheSecretShowsTheNewOneOnceAndTheOldOneStopsWorkingAtOnce() throws Exception {
        Created created = create("webhook", Map.of());
        MvcResult rotated = mvc.perform(post("/monitors/" + created.id() + "/push-secret")
                        .with(csrf())
                        .with(alice))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String fresh = (String) rotated.getFlashMap().get("pushSecret");
        assertThat(fresh).startsWith("crw_").isNotEqualTo(created.secret());

        mvc.perform(get("/api/v1/webhooks/generic/" + created.id() + "/" + created.secret() + "/failed"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("invalid_secret"));
        mvc.perform(get("/api/v1/webhooks/generic/" + created.id() + "/" + fresh + "/failed"))
                .andExpect(status().isAccepted());
        assertThat(appended(created.id())).hasSize(1);
    }

    @Test
    void rotationNeedsTheFormsCsrfTokenAndTheOwner() throws Exception {
        Created created = create("webhook", Map.of());
        mvc.perform(post("/monitors/" + created.id() + "/push-secret").with(alice))
                .andExpect(status().isForbidden());
        UserAccount bob = users.save(new UserAccount("bob-" + UUID.randomUUID() + "@example.com", "x"));
        mvc.perform(post("/monitors/" + created.id() + "/push-secret")
                        .with(csrf())
                        .with(user(accounts.loadUserByUsername(bob.getEmail()))))
                .andExpect(status().isNotFound());
        assertThat(monitors.findById(created.id()).orElseThrow().getPushSecretHash())
                .isEqualTo(SecretTokens.hash(created.secret()));
    }

    @Test
    void theRestApiCanRotateThroughTheService() throws Exception {
        Created created = create("alertmanager", Map.of());
        String fresh = pushSecrets.rotate(owner.getId(), created.id());
        assertThat(pushSecrets.authenticate(created.id(), fresh)).isPresent();
        assertThat(pushSecrets.authenticate(created.id(), created.secret())).isEmpty();
    }

    @Test
    void theFormOfAPushedTypeStartsAtOneFailureAndExplainsWhyThereIsNoInterval() throws Exception {
        mvc.perform(get("/monitors/new").param("type", "datadog").with(alice))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString(
                                "<input id=\"failThreshold\" type=\"number\" name=\"failThreshold\" value=\"1\">")))
                .andExpect(content().string(containsString("No worker checks this monitor")))
                .andExpect(content().string(containsString("type=\"hidden\" id=\"intervalSeconds\"")))
                .andExpect(content().string(containsString("Treat a Datadog warning as")));
        MonitorForm form = new MonitorForm();
        form.setName("pushed through the API");
        form.setCheckType("webhook");
        form.setFailThreshold(null);
        Monitor saved = monitorService
                .create(owner.getId(), form, new BeanPropertyBindingResult(form, "form"))
                .orElseThrow()
                .monitor();
        assertThat(saved.getFailThreshold()).isEqualTo(1);
        assertThat(saved.getIntervalSeconds()).isEqualTo(60);
    }

    // --- Datadog

    @Test
    void aDatadogTriggeredNotificationAppendsOneFailedResult() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7001", "Triggered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(true))
                .andExpect(jsonPath("$.status").value("FAILED"));

        assertThat(appended(monitor.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.reason())
                    .isEqualTo("Datadog Triggered: [Triggered] p99 latency on shop - p99 is 2.4 s "
                            + "(https://app.datadoghq.com/event/event?id=7001)");
            assertThat(result.zone()).isEqualTo(ZoneNames.WEBHOOK);
            assertThat(result.source()).isEqualTo("datadog");
            assertThat(result.resultId()).isEqualTo("datadog:" + monitor.id() + ":7001");
        });
    }

    @Test
    void aDatadogDeliveryIsAppendedByOneScriptCallAndReadsNoneOfThePagesBanners() throws Exception {
        Created monitor = datadog("IGNORE");
        Map<String, Long> before = commandCalls();
        for (int delivery = 0; delivery < 20; delivery++) {
            mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                            .header("X-CloudRoutes-Secret", monitor.secret())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(datadogPayload("7100" + delivery, delivery % 2 == 0 ? "Triggered" : "Recovered")))
                    .andExpect(status().isAccepted());
        }
        // the delivery log's line is written without waiting for it: every line is there once Redis ran them all
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(redis.llen(RedisKeys.deliveries(monitor.id())))
                        .isEqualTo(20));
        Map<String, Long> after = commandCalls();

        assertThat(appended(monitor.id())).hasSize(20);
        // per delivery one script appends the result (append-once.lua) and one writes its delivery log line
        // (log-delivery.lua)
        assertThat(after.getOrDefault("evalsha", 0L) - before.getOrDefault("evalsha", 0L))
                .isEqualTo(20 + 20);
        // the banners (mail mode, live state rebuilding, checks delayed) are read for pages, not for a webhook's
        // answer:
        // what GETs remain are crweb's once-a-second look at the Redis epoch
        assertThat(after.getOrDefault("get", 0L) - before.getOrDefault("get", 0L))
                .isLessThan(20);
    }

    /** How often Redis ran each command since it started. */
    private Map<String, Long> commandCalls() {
        return RedisCommandStats.calls(redis.info("commandstats"));
    }

    @Test
    void aRetriedDatadogDeliveryIsAppendedOnce() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7002", "Recovered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("HEALTHY"));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7002", "Recovered")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.reason").value("delivery 7002 was recorded before; nothing was recorded again"));
        assertThat(appended(monitor.id())).hasSize(1);
    }

    @Test
    void aDatadogDeliveryWhoseAppendFailedIsRecordedWhenRetriedNotTakenForADuplicate() throws Exception {
        Created monitor = datadog("IGNORE");
        String url = "/api/v1/webhooks/datadog/" + monitor.id();
        // Make the append itself fail inside Redis: the stream's key holds a string for a moment.
        String aside = RedisKeys.RESULTS_STREAM + "-aside";
        boolean streamExists = redis.exists(RedisKeys.RESULTS_STREAM) == 1;
        if (streamExists) {
            redis.rename(RedisKeys.RESULTS_STREAM, aside);
        }
        redis.set(RedisKeys.RESULTS_STREAM, "not a stream");
        try {
            mvc.perform(post(url)
                            .header("X-CloudRoutes-Secret", monitor.secret())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(datadogPayload("7011", "Triggered")))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.code").value("unavailable"));
        } finally {
            redis.del(RedisKeys.RESULTS_STREAM);
            if (streamExists) {
                redis.rename(aside, RedisKeys.RESULTS_STREAM);
            }
        }
        mvc.perform(post(url)
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7011", "Triggered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        assertThat(appended(monitor.id())).hasSize(1);
    }

    @Test
    void theDatadogSecretMayBeAFieldOfThePayload() throws Exception {
        Created monitor = datadog("IGNORE");
        String body =
                datadogPayload("7003", "No Data").replace("{\"id\"", "{\"secret\":\"" + monitor.secret() + "\",\"id\"");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
    }

    @Test
    void aDatadogWarningIsIgnoredByDefaultAndAppendsNothing() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7004", "Warn")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.reason")
                        .value("Warn is ignored: this monitor's setting warnAs is IGNORE, so a "
                                + "Datadog warning never changes its status; nothing was recorded"));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aDatadogWarningFailsTheMonitorWhenTheUserAskedForItAndItsRecoveryHeals() throws Exception {
        Created monitor = datadog("FAILED");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7005", "Warn")))
                .andExpect(status().isAccepted());
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7006", "Warn Recovered")))
                .andExpect(status().isAccepted());
        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status)
                .containsExactly(Status.FAILED, Status.HEALTHY);
    }

    @Test
    void aDatadogPayloadWithoutIdOrNotJsonIsRefused() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"alert_transition\":\"Triggered\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.id")
                        .value("id is required; put \"id\": \"$ID\" in the Datadog payload template"));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("alert_transition=Triggered"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_payload"))
                .andExpect(jsonPath("$.fields.body", containsString("the body is not valid JSON")));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aWrongSecretAndAnUnknownMonitorGetTheSame401() throws Exception {
        Created monitor = datadog("IGNORE");
        MvcResult wrong = mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", "crw_not-the-secret")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("invalid_secret"))
                .andReturn();
        MvcResult unknown = mvc.perform(post("/api/v1/webhooks/datadog/" + (monitor.id() + 100_000))
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andReturn();
        assertThat(unknown.getResponse().getContentAsString())
                .isEqualTo(wrong.getResponse()
                        .getContentAsString()
                        .replace(String.valueOf(monitor.id()), String.valueOf(monitor.id() + 100_000)));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("missing_secret"));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aSecretOfAnotherKindOfMonitorIsA404NamingTheExpectedType() throws Exception {
        Created generic = create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/datadog/" + generic.id())
                        .header("X-CloudRoutes-Secret", generic.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7009", "Triggered")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("wrong_monitor_type"))
                .andExpect(jsonPath("$.message")
                        .value("monitor " + generic.id() + " has check type 'Generic webhook'; "
                                + "this endpoint takes monitors of check type 'Datadog monitor (webhook)'. Its results go to "
                                + "POST " + PUBLIC_URL + "/api/v1/webhooks/generic/" + generic.id()));
        assertThat(appended(generic.id())).isEmpty();
    }

    @Test
    void aPausedMonitorRefusesResultsWith409() throws Exception {
        Created monitor = datadog("IGNORE");
        Monitor stored = monitors.findById(monitor.id()).orElseThrow();
        stored.setEnabled(false);
        monitors.save(stored);
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7010", "Triggered")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("monitor_paused"));
        assertThat(appended(monitor.id())).isEmpty();
    }

    // --- Alertmanager

    @Test
    void theMonitorStaysFailedWhileAnyAlertFiresAndHealsWhenAllAreResolved() throws Exception {
        Created monitor = create("alertmanager", Map.of());
        String url = "/api/v1/webhooks/alertmanager/" + monitor.id();
        mvc.perform(post(url)
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(
                                alert("firing", "aaa111", "HighLatency", "p99 above 2s"),
                                alert("firing", "bbb222", "DiskFull", "/var at 97%"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.reason")
                        .value("2 alerts firing: DiskFull: /var at 97%; HighLatency: p99 above 2s"));
        mvc.perform(post(url)
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alert("resolved", "aaa111", "HighLatency", "p99 above 2s"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        mvc.perform(post(url)
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alert("resolved", "bbb222", "DiskFull", "/var at 97%"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("HEALTHY"));

        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Status.FAILED, "2 alerts firing: DiskFull: /var at 97%; HighLatency: p99 above 2s"),
                        org.assertj.core.groups.Tuple.tuple(Status.FAILED, "1 alert firing: DiskFull: /var at 97%"),
                        org.assertj.core.groups.Tuple.tuple(Status.HEALTHY, "no alerts firing"));
        assertThat(appended(monitor.id()))
                .allSatisfy(r -> assertThat(r.source()).isEqualTo("alertmanager"));
    }

    @Test
    void manyFiringAlertsAreListedUpToFiveThenCounted() throws Exception {
        Created monitor = create("alertmanager", Map.of());
        String[] alerts = new String[7];
        for (int i = 0; i < alerts.length; i++) {
            alerts[i] = alert("firing", "fp" + i, "Alert" + i, "");
        }
        mvc.perform(post("/api/v1/webhooks/alertmanager/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alerts)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason")
                        .value("7 alerts firing: Alert0; Alert1; Alert2; Alert3; Alert4; and 2 more"));
    }

    @Test
    void aGenericPostAppendsTheReportedStatusAndReason() throws Exception {
        Created monitor = create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\",\"reason\":\"nightly backup exited 3\",\"secret\":\""
                                + monitor.secret() + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        assertThat(appended(monitor.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.reason()).isEqualTo("nightly backup exited 3");
            assertThat(result.zone()).isEqualTo(ZoneNames.WEBHOOK);
            assertThat(result.source()).isEqualTo("webhook");
            assertThat(result.resultId()).startsWith("webhook:" + monitor.id() + ":");
        });
    }

    @Test
    void aGenericGetReportsHealthyWithAnOptionalReason() throws Exception {
        Created monitor = create("webhook", Map.of());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/healthy")
                        .param("reason", "backup done in 12 min"))
                .andExpect(status().isAccepted());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/failed"))
                .andExpect(status().isAccepted());
        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Status.HEALTHY, "backup done in 12 min"),
                        org.assertj.core.groups.Tuple.tuple(Status.FAILED, "reported failed by webhook"));
    }

    @Test
    void theEndpointsShownForADatadogMonitorUseThePublicUrl() throws Exception {
        Created monitor = datadog("IGNORE");
        @SuppressWarnings("unchecked")
        List<PushEndpoints.PushEndpoint> endpoints =
                (List<PushEndpoints.PushEndpoint>) monitor.flash().get("pushSecretEndpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("POST");
            assertThat(e.url()).isEqualTo(PUBLIC_URL + "/api/v1/webhooks/datadog/" + monitor.id());
        });
    }

    @Test
    void theLatestWebhookResultOfEachMonitorComesBackOnceRedisWasRebuiltAfterLosingIt() throws Exception {
        // the bridge's mark of the Redis in use, written as the bridge does (crweb may only read it)
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
                infrastructure.redisUrl(io.cloudroutes.core.redis.TestRedis.CRBRIDGE));
        try (var connection = client.connect()) {
            RedisCommands<String, String> bridge = connection.sync();
            bridge.set(RedisKeys.EPOCH, "1700000000000");
            lostAndRebuilt(bridge);
        } finally {
            client.shutdown();
        }
    }

    private void lostAndRebuilt(RedisCommands<String, String> bridge) throws Exception {
        Created backup = create("webhook", Map.of());
        Created batch = create("webhook", Map.of());
        String lost = resultIdOf(
                mvc.perform(get("/api/v1/webhooks/generic/" + backup.id() + "/" + backup.secret() + "/failed")
                                .param("reason", "nightly backup exited 3"))
                        .andExpect(status().isAccepted())
                        .andReturn());
        mvc.perform(get("/api/v1/webhooks/generic/" + batch.id() + "/" + batch.secret() + "/failed"))
                .andExpect(status().isAccepted());
        String latest = resultIdOf(
                mvc.perform(get("/api/v1/webhooks/generic/" + batch.id() + "/" + batch.secret() + "/healthy"))
                        .andExpect(status().isAccepted())
                        .andReturn());

        // Redis loses its data before any actioner folded them; the bridge rebuilds it and marks a new epoch
        bridge.del(RedisKeys.RESULTS_STREAM, RedisKeys.EPOCH);
        assertThat(appended(backup.id())).isEmpty();
        bridge.set(RedisKeys.EPOCH, "1700000060000");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(appended(backup.id()))
                    .extracting(CheckResult::resultId, CheckResult::status, CheckResult::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(lost, Status.FAILED, "nightly backup exited 3"));
            // only the newest: an older status must never be folded after a newer one
            assertThat(appended(batch.id()))
                    .extracting(CheckResult::resultId, CheckResult::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(latest, Status.HEALTHY));
        });
        bridge.del(RedisKeys.EPOCH);
    }

    private static String resultIdOf(MvcResult answer) throws Exception {
        return com.jayway.jsonpath.JsonPath.read(answer.getResponse().getContentAsString(), "$.resultId");
    }
}
