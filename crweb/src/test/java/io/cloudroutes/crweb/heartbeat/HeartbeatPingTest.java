package io.cloudroutes.crweb.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Heartbeat pings against real PostgreSQL and Redis, without a login, as a cron job's curl sends them. */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = "spring.config.name=crweb",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class HeartbeatPingTest {

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

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    LiveRedis liveRedis;

    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void anOwner() {
        redis = liveRedis.connection().sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
    }

    /** A monitor of {@code type} whose push secret is {@code secret}. */
    private Monitor monitor(String type, String secret, boolean enabled) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "nightly backup", type);
        monitor.setSettings(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setEnabled(enabled);
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        return monitors.save(monitor);
    }

    private Monitor heartbeat(String secret) {
        return monitor("heartbeat", secret, true);
    }

    private static String secret() {
        return SecretTokens.generate("hb_");
    }

    private long streamLength() {
        return redis.xlen(RedisKeys.RESULTS_STREAM);
    }

    private CheckResult lastResult() {
        var last = redis.xrevrange(RedisKeys.RESULTS_STREAM, Range.create("-", "+"), Limit.from(1));
        assertThat(last).hasSize(1);
        return MessageCodec.fromJson(last.get(0).getBody().get(RedisKeys.RESULTS_STREAM_FIELD), CheckResult.class);
    }

    @Test
    void aPingIsAppendedToTheResultsStreamAsAHealthyResultBeforeItIsAnsweredOk() throws Exception {
        String secret = secret();
        Monitor monitor = heartbeat(secret);
        long before = System.currentTimeMillis();

        mvc.perform(get("/ping/" + secret))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(content().string("OK"));

        CheckResult result = lastResult();
        assertThat(result.monitorId()).isEqualTo(monitor.getId());
        assertThat(result.status()).isEqualTo(Status.HEALTHY);
        assertThat(result.reason()).isEqualTo("ping received");
        assertThat(result.zone()).isEqualTo(ZoneNames.HEARTBEAT);
        assertThat(result.source()).isEqualTo(CheckResult.PING_SOURCE);
        assertThat(result.resultId()).startsWith("ping:" + monitor.getId() + ":");
        assertThat(result.checkedAtMillis()).isBetween(before, System.currentTimeMillis());
        // with the time of the ping, which tells the actioner that this ping is on its way
        assertThat(redis.get(RedisKeys.heartbeatLastPing(monitor.getId())))
                .isEqualTo(String.valueOf(result.checkedAtMillis()));
    }

    @Test
    void aPostAndAHeadNeedNoLoginAndNoCsrfToken() throws Exception {
        String secret = secret();
        heartbeat(secret);
        long before = streamLength();
        mvc.perform(post("/ping/" + secret))
                .andExpect(status().isOk())
                .andExpect(content().string("OK"));
        mvc.perform(head("/ping/" + secret)).andExpect(status().isOk());
        assertThat(streamLength()).isEqualTo(before + 2);
        assertThat(lastResult().status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void failReportsAFailure() throws Exception {
        String secret = secret();
        heartbeat(secret);
        mvc.perform(get("/ping/" + secret + "/fail"))
                .andExpect(status().isOk())
                .andExpect(content().string("OK"));
        assertThat(lastResult())
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(Status.FAILED, "ping reported failure");
    }

    @Test
    void anExitCodeOfZeroIsASuccessAndAnyOtherAFailure() throws Exception {
        String secret = secret();
        heartbeat(secret);
        mvc.perform(get("/ping/" + secret + "/0")).andExpect(status().isOk());
        assertThat(lastResult())
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(Status.HEALTHY, "exit code 0");
        mvc.perform(post("/ping/" + secret + "/3")).andExpect(status().isOk());
        assertThat(lastResult())
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(Status.FAILED, "exit code 3");
    }

    @Test
    void anExitCodeAbove255IsRejectedAndRecordsNothing() throws Exception {
        String secret = secret();
        heartbeat(secret);
        long before = streamLength();
        mvc.perform(get("/ping/" + secret + "/256"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("exit code must be between 0 and 255"));
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void theBodyOfAPostIsKeptInTheReason() throws Exception {
        String secret = secret();
        heartbeat(secret);
        // curl --data-raw sends a form content type; the body is still kept as it was sent
        mvc.perform(post("/ping/" + secret + "/fail")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("rsync: connection refused (111)\nbackup aborted\n"))
                .andExpect(status().isOk());
        assertThat(lastResult().reason())
                .isEqualTo("ping reported failure: rsync: connection refused (111)\nbackup aborted");
    }

    @Test
    void aFormEncodedBodyAsCurlDataRawSendsItReachesTheReasonThroughTheRealServer() throws Exception {
        String secret = secret();
        heartbeat(secret);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder()
                                .uri(URI.create("http://127.0.0.1:" + port + "/ping/" + secret + "/2"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "rsync error: some files vanished & 50% done"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("text/plain");
        assertThat(lastResult().reason()).isEqualTo("exit code 2: rsync error: some files vanished & 50% done");
    }

    @Test
    void aLongBodyIsCutAt10KiB() throws Exception {
        String secret = secret();
        heartbeat(secret);
        mvc.perform(post("/ping/" + secret).content("x".repeat(50_000))).andExpect(status().isOk());
        assertThat(lastResult().reason()).isEqualTo("ping received: " + "x".repeat(10_240) + " … (cut at 10240 bytes)");
    }

    @Test
    void aWrongSecretAndTheSecretOfAnotherTypeAreBothNotFound() throws Exception {
        String tcpSecret = secret();
        monitor("tcp", tcpSecret, true);
        heartbeat(secret());
        long before = streamLength();
        mvc.perform(get("/ping/" + secret()))
                .andExpect(status().isNotFound())
                .andExpect(content().string("not found"));
        mvc.perform(get("/ping/" + tcpSecret))
                .andExpect(status().isNotFound())
                .andExpect(content().string("not found"));
        mvc.perform(get("/ping/" + secret() + "/fail")).andExpect(status().isNotFound());
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void aPingOfADisabledMonitorIsAnsweredButNotRecorded() throws Exception {
        String secret = secret();
        monitor("heartbeat", secret, false);
        long before = streamLength();
        mvc.perform(get("/ping/" + secret + "/fail"))
                .andExpect(status().isOk())
                .andExpect(content().string("OK (monitor disabled: ping ignored)"));
        assertThat(streamLength()).isEqualTo(before);
    }
}
