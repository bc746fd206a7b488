package io.cloudroutes.checks.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.plugin.PluginType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real ping. Where a test needs a network that behaves in one exact way (nothing answers, no route, no
 * privilege), ping runs in a network namespace of its own (root and util-linux's unshare, as in CI), so the test does
 * not depend on the machine's network.
 */
class PingCheckTest {

    private static CheckOutcome ping(PingCheckType type, String host, Duration timeout, String... more) {
        return ping(LoopbackServices.ALLOWED, type, host, timeout, more);
    }

    private static CheckOutcome ping(
            CheckServices services, PingCheckType type, String host, Duration timeout, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("host", host));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        assertThat(type.validate(settings)).isEmpty();
        return type.create(settings, services).run(timeout);
    }

    /** ping inside a new network namespace whose loopback is up after {@code setup} ran there. */
    private static PingCheckType inOwnNetwork(String setup, String... ping) {
        assumeTrue(
                canRun("unshare", "--net", "ip", "link", "set", "lo", "up"),
                "needs root, unshare and ip for a network namespace");
        List<String> launcher = new ArrayList<>(
                List.of("unshare", "--net", "sh", "-c", "ip link set lo up && " + setup + " && exec \"$0\" \"$@\""));
        launcher.addAll(List.of(ping));
        return new PingCheckType(launcher);
    }

    private static boolean canRun(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void healthyWhenTheLoopbackAnswersEveryRequest() {
        CheckOutcome outcome = ping(new PingCheckType(), "127.0.0.1", Duration.ofSeconds(5));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason())
                .matches("3 of 3 echo requests to 127\\.0\\.0\\.1 answered, average round trip [\\d.]+ ms");
    }

    @Test
    void sendsTheConfiguredNumberOfRequests() {
        CheckOutcome outcome = ping(new PingCheckType(), "127.0.0.1", Duration.ofSeconds(5), "count", "1");
        assertThat(outcome.reason()).startsWith("1 of 1 echo requests to 127.0.0.1 answered");
    }

    @Test
    void failsWhenNoRequestIsAnswered() {
        PingCheckType ignoringEchoes = inOwnNetwork("sysctl -qw net.ipv4.icmp_echo_ignore_all=1", "ping");
        CheckOutcome outcome = ping(ignoringEchoes, "127.0.0.1", Duration.ofSeconds(5));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("3 of 3 echo requests to 127.0.0.1 unanswered");
    }

    @Test
    void stopsPingAtTheDeadline() {
        // Three requests 200 ms apart cannot be done within 300 ms.
        PingCheckType ignoringEchoes = inOwnNetwork("sysctl -qw net.ipv4.icmp_echo_ignore_all=1", "ping");
        CheckOutcome outcome = ping(ignoringEchoes, "127.0.0.1", Duration.ofMillis(300));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("ping to 127.0.0.1 did not finish within 300 ms");
    }

    @Test
    void failsWhenThereIsNoRouteToTheHost() {
        PingCheckType loopbackOnly = inOwnNetwork("true", "ping");
        // a documentation address, opened for this test only: ping runs in a network namespace without a route to it
        CheckServices documentationAllowed =
                CheckServices.of(Egress.of(EgressPolicy.allowing("203.0.113.0/24", EgressPolicy.ALLOW_VARIABLE)));
        CheckOutcome outcome = ping(documentationAllowed, loopbackOnly, "203.0.113.9", Duration.ofSeconds(5));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("no route to 203.0.113.9: network is unreachable");
    }

    @Test
    void failsForAnUnknownHost() {
        CheckOutcome outcome = ping(new PingCheckType(), "nowhere.invalid", Duration.ofSeconds(5));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("unknown host nowhere.invalid");
    }

    @Test
    void saysWhenTheProcessLacksThePrivilegeToPing(@TempDir Path directory) throws IOException {
        assumeTrue(canRun("setpriv", "--version"), "needs util-linux's setpriv");
        // A copy of the binary loses its cap_net_raw file capability; nobody outside ping_group_range has no other way.
        Path unprivilegedPing = Files.copy(Path.of("/usr/bin/ping"), directory.resolve("ping"));
        directory.toFile().setExecutable(true, false);
        PingCheckType asNobody = inOwnNetwork(
                "sysctl -qw net.ipv4.ping_group_range='1 0'",
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-net_raw",
                unprivilegedPing.toString());
        CheckOutcome outcome = ping(asNobody, "127.0.0.1", Duration.ofSeconds(5));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("ping is not permitted for this process: it needs CAP_NET_RAW or"
                        + " net.ipv4.ping_group_range covering its group");
    }

    @Test
    void saysWhenPingIsNotInstalled() {
        PingCheckType withoutPing = new PingCheckType(List.of("/nonexistent/bin/ping"));
        CheckOutcome outcome = ping(withoutPing, "127.0.0.1", Duration.ofSeconds(3));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("the ping command is not installed on this worker (Debian package iputils-ping)");
    }

    @Test
    void rejectsOutOfRangeSettingsAndAHostThatLooksLikeAnOption() {
        PingCheckType type = new PingCheckType();
        assertThat(type.validate(Map.of("host", "-f", "count", "11", "maxPacketLoss", "100", "maxAverageRttMs", "0")))
                .containsEntry("host", "Host must be a host name or IP address; it cannot start with '-'")
                .containsEntry("count", "Echo requests must be between 1 and 10")
                .containsEntry("maxPacketLoss", "Maximum packet loss % must be between 0 and 99")
                .containsEntry("maxAverageRttMs", "Maximum average round trip (ms) must be between 1 and 10000");
        assertThat(type.validate(Map.of("host", "192.0.2.10"))).isEmpty();
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(CheckType.registry().find("ping"))
                .get()
                .extracting(PluginType::name)
                .isEqualTo("Ping (ICMP echo)");
    }
}
