package io.cloudroutes.reactions.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyReactionTest {

    private static final StatusChanged FAILURE =
            new StatusChanged(7, "web a", Status.HEALTHY, Status.FAILED, "HTTP 503", "default", 1_700_000_000_000L, 1);
    private static final StatusChanged RECOVERY = new StatusChanged(
            7, "web a", Status.FAILED, Status.HEALTHY, "HTTP 200 in 3 ms", "default", 1_700_000_060_000L, 1);

    private final HaproxyReactionType type = new HaproxyReactionType();
    private HttpBackend a;
    private HttpBackend b;
    private HaproxyServer haproxy;

    @BeforeEach
    void start(@TempDir Path dir) {
        a = HttpBackend.started("A");
        b = HttpBackend.started("B");
        haproxy = HaproxyServer.start(dir, "web", Map.of("a", a.port(), "b", b.port()));
    }

    @AfterEach
    void stop() {
        haproxy.close();
        a.close();
        b.close();
    }

    private ReactionResult run(Map<String, String> settings, StatusChanged change, Duration timeout) {
        return run(settings, change, timeout, TestServices.withMail(null));
    }

    private ReactionResult run(
            Map<String, String> settings, StatusChanged change, Duration timeout, ReactionServices services) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), services)
                .run(change, timeout);
    }

    /** Loopback and the Unix socket {@code path} allowed, as an operator allows a runtime API socket. */
    private static ReactionServices allowingSocket(Path path) {
        return TestServices.through(
                Egress.of(EgressPolicy.allowing("127.0.0.0/8," + path, EgressPolicy.ALLOW_VARIABLE)));
    }

    private ReactionResult run(Map<String, String> settings, StatusChanged change) {
        return run(settings, change, Duration.ofSeconds(10));
    }

    private Map<String, String> settings(String address, String server, String mode) {
        Map<String, String> settings = new HashMap<>(Map.of("address", address, "backend", "web", "server", server));
        if (mode != null) {
            settings.put("mode", mode);
        }
        return settings;
    }

    /** Who answers the next {@code count} requests through the frontend (each on its own connection). */
    private List<String> servedBy(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> haproxy.get())
                .map(answer -> {
                    assertThat(answer.status()).isEqualTo(200);
                    return answer.body();
                })
                .toList();
    }

    @Test
    void maintTakesTheServerOutOfTheBackendAndRecoveryPutsItBack() {
        assertThat(servedBy(4)).containsOnly("A", "B").contains("A", "B");
        Map<String, String> settings = settings(haproxy.runtimeApiAddress(), "a", "maint");

        ReactionResult failover = run(settings, FAILURE);

        assertThat(failover.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(failover.output())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress() + " (TCP): "
                        + "set server web/a state maint\n"
                        + "web/a is now maint (admin state 1: forced maintenance), operational state stopped");
        assertThat(haproxy.state("a")).isEqualTo("maint");
        assertThat(servedBy(6)).containsOnly("B");

        ReactionResult restore = run(settings, RECOVERY);

        assertThat(restore.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(restore.output())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress() + " (TCP): "
                        + "set server web/a state ready\n"
                        + "web/a is now ready (admin state 0), operational state running");
        assertThat(haproxy.state("a")).isEqualTo("ready");
        assertThat(servedBy(4)).containsOnly("A", "B").contains("A", "B");
    }

    @Test
    void drainIsTheDefaultAndSendsNoNewRequestsToTheServer() {
        Map<String, String> settings = settings(haproxy.runtimeApiAddress(), "b", null);

        ReactionResult failover = run(settings, FAILURE);

        assertThat(failover.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(failover.output())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress() + " (TCP): "
                        + "set server web/b state drain\n"
                        + "web/b is now drain (admin state 8: forced drain), operational state running");
        assertThat(haproxy.state("b")).isEqualTo("drain");
        assertThat(servedBy(6)).containsOnly("A");

        assertThat(run(settings, RECOVERY).outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(haproxy.state("b")).isEqualTo("ready");
        assertThat(servedBy(4)).contains("A", "B");
    }

    @Test
    void drainsAServerInMaintenanceOutOfMaintenanceIntoDrain() throws IOException {
        haproxy.command("set server web/a state maint");

        ReactionResult result = run(settings(haproxy.runtimeApiAddress(), "a", "drain"), FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(haproxy.state("a")).isEqualTo("drain");
    }

    @Test
    void talksToTheRuntimeApiOverAUnixSocket() {
        Map<String, String> settings = settings(haproxy.unixSocket().toString(), "a", "maint");

        ReactionResult result = run(settings, FAILURE, Duration.ofSeconds(10), allowingSocket(haproxy.unixSocket()));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .startsWith(
                        "HAProxy at " + haproxy.unixSocket() + " (Unix socket): " + "set server web/a state maint\n");
        assertThat(haproxy.state("a")).isEqualTo("maint");
        assertThat(servedBy(4)).containsOnly("B");
    }

    @Test
    void anUnknownServerFailsWithHaproxysWordsAndIsNotRetried() {
        ReactionResult result = run(settings(haproxy.runtimeApiAddress(), "c", "maint"), FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress() + " (TCP) rejected "
                        + "'set server web/c state maint': No such server.");
    }

    @Test
    void anUnknownBackendFailsWithHaproxysWordsAndIsNotRetried() {
        Map<String, String> settings = settings(haproxy.runtimeApiAddress(), "a", "maint");
        settings.put("backend", "api");

        ReactionResult result = run(settings, FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress() + " (TCP) rejected "
                        + "'set server api/a state maint': No such backend.");
    }

    @Test
    void aSocketBelowAdminLevelFailsWithPermissionDenied() {
        ReactionResult result = run(settings(haproxy.userLevelAddress(), "a", "maint"), FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("HAProxy at " + haproxy.userLevelAddress() + " (TCP) rejected "
                        + "'set server web/a state maint': Permission denied");
        assertThat(haproxy.state("a")).isEqualTo("ready");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        ReactionResult result = run(settings("127.0.0.1:" + closedPort, "a", "maint"), FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .startsWith("HAProxy at 127.0.0.1:" + closedPort + " (TCP) refused the connection "
                        + "for 'set server web/a state maint'");
    }

    @Test
    void aMissingUnixSocketIsRetryable(@TempDir Path elsewhere) {
        String path = elsewhere.resolve("gone.sock").toString();

        ReactionResult result =
                run(settings(path, "a", "maint"), FAILURE, Duration.ofSeconds(10), allowingSocket(Path.of(path)));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .isEqualTo("could not reach HAProxy at " + path + " (Unix socket) for "
                        + "'set server web/a state maint': SocketException No such file or directory");
    }

    @Test
    void noAnswerWithinTheTimeoutIsRetryable() throws IOException {
        // accepted by the kernel's backlog, never read: the connection opens and the answer never comes
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();

            ReactionResult result = run(settings(address, "a", "maint"), FAILURE, Duration.ofMillis(300));

            assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(result.retryable()).isTrue();
            assertThat(result.output())
                    .isEqualTo("no answer from HAProxy at " + address + " (TCP) within 300 ms "
                            + "(waiting for the answer) to 'set server web/a state maint'");
        }
    }

    @Test
    void anUnknownStatusLeavesTheServerAsItIs() {
        StatusChanged unknown = new StatusChanged(
                7, "web a", Status.HEALTHY, Status.UNKNOWN, "no results", "default", 1_700_000_000_000L, 1);

        ReactionResult result = run(settings(haproxy.runtimeApiAddress(), "a", "maint"), unknown);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(result.output()).isEqualTo("nothing to do when the monitor becomes UNKNOWN: web/a is left as it is");
        assertThat(haproxy.state("a")).isEqualTo("ready");
    }

    @Test
    void dryRunShowsTheCommandsWithoutSendingThem() {
        var reaction = type.create(
                Settings.withDefaults(type.settings(), settings(haproxy.runtimeApiAddress(), "a", "maint")),
                TestServices.withMail(null));

        assertThat(reaction.dryRun(FAILURE))
                .contains(
                        "HAProxy runtime API at " + haproxy.runtimeApiAddress()
                                + " (TCP):\nset server web/a state maint\nshow servers state web   (to confirm web/a is maint)");
        assertThat(reaction.dryRun(RECOVERY))
                .contains(
                        "HAProxy runtime API at " + haproxy.runtimeApiAddress()
                                + " (TCP):\nset server web/a state ready\nshow servers state web   (to confirm web/a is ready)");
        assertThat(haproxy.state("a")).isEqualTo("ready");
    }
}
