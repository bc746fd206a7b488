package io.cloudroutes.crweb.webhook;

import static io.cloudroutes.crweb.webhook.PushedMonitors.datadogPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.SentinelRedis;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * crweb on a {@code redis-sentinel://} URL, with Debian's redis-server (a primary and a replica) and three
 * redis-sentinel processes on loopback: a webhook is answered 2xx only once a replica holds its result, so none answered
 * 2xx is lost when the primary is killed (for a Datadog delivery and a generic one alike), and webhooks are accepted again within 15 s of the kill. The replica is frozen
 * first, then the primary killed, so the methods run in that order.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelWebhookTest {

    static TestInfrastructure infrastructure;
    static SentinelRedis redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        assumeThat(SentinelRedis.installed())
                .as("redis-server and redis-sentinel: run .ci/install-test-tools")
                .isTrue();
        infrastructure = TestInfrastructure.start();
        redis = SentinelRedis.start();
        infrastructure.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("cloudroutes.redis.url", () -> redis.url(TestRedis.CRWEB));
        registry.add("cloudroutes.redis.replica-ack-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() throws IOException {
        if (redis != null) {
            redis.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    LiveRedis liveRedis;

    PushedMonitors monitors;

    @BeforeEach
    void anOwner() {
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        monitors = new PushedMonitors(
                mvc,
                user(accounts.loadUserByUsername(owner.getEmail())),
                liveRedis.connection().sync());
    }

    private MockHttpServletResponse datadog(PushedMonitors.Created monitor, String deliveryId) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload(deliveryId, "Triggered")))
                .andReturn()
                .getResponse();
    }

    /** The delivery ids of the results the monitor's endpoint appended, from their result ids. */
    private List<String> storedDeliveries(PushedMonitors.Created monitor) {
        String prefix = "datadog:" + monitor.id() + ":";
        return monitors.appended(monitor.id()).stream()
                .map(CheckResult::resultId)
                .map(id -> id.substring(prefix.length()))
                .toList();
    }

    @Test
    @Order(1)
    void withNoReplicaConfirmingInTimeTheSenderIsAskedToSendAgainAndTheRetryIsRecordedOnce() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of());
        refusedWhileTheReplicaIsFrozen(() -> datadog(monitor, "701"));
        // the sender sends it again: now a replica confirms, and the result written by the refused try counts once
        assertThat(datadog(monitor, "701").getStatus()).isBetween(200, 299);
        assertThat(storedDeliveries(monitor)).containsExactly("701");
    }

    @Test
    @Order(2)
    void aGenericWebhookIsAnswered2xxOnlyOnceAReplicaHoldsItsResult() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        refusedWhileTheReplicaIsFrozen(() -> generic(monitor, "refused while the replica is frozen"));
        MockHttpServletResponse accepted = generic(monitor, "sent again");
        assertThat(accepted.getStatus()).isEqualTo(202);
        assertThat(monitors.appended(monitor.id()))
                .extracting(CheckResult::reason)
                .contains("sent again");
    }

    private MockHttpServletResponse generic(PushedMonitors.Created monitor, String reason) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"failed\", " + "\"reason\": \"" + reason + "\"}"))
                .andReturn()
                .getResponse();
    }

    /** With the replica frozen, the delivery is answered 503 within 3 s, and asked to be sent again. */
    private void refusedWhileTheReplicaIsFrozen(Callable<MockHttpServletResponse> delivery) throws Exception {
        SentinelRedis.Node replica = aReplica();
        redis.freeze(replica, true);
        try {
            Instant sent = Instant.now();
            MockHttpServletResponse refused = delivery.call();
            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
            assertThat(refused.getContentAsString())
                    .contains("\"code\":\"unavailable\"")
                    .contains("replica");
            assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(3));
        } finally {
            redis.freeze(replica, false);
        }
    }

    private SentinelRedis.Node aReplica() {
        return redis.nodes().stream()
                .filter(node -> !node.equals(redis.primary()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @Order(3)
    void noWebhookAnswered2xxIsLostWhenThePrimaryIsKilledAndWebhooksAreAcceptedAgainWithin15Seconds() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of());
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "before-" + i;
            assertThat(datadog(monitor, id).getStatus()).isBetween(200, 299);
            accepted.add(id);
        }
        SentinelRedis.Node old = redis.primary();
        redis.kill(old);
        Instant killed = Instant.now();

        int[] attempt = {0};
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String id = "after-" + attempt[0]++;
                    if (datadog(monitor, id).getStatus() / 100 != 2) {
                        return false;
                    }
                    accepted.add(id);
                    return true;
                });
        assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(redis.primary()).isNotEqualTo(old);

        assertThat(storedDeliveries(monitor)).containsExactlyElementsOf(accepted);
    }
}
