package io.cloudroutes.checks.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading what iputils ping 20221126 (Debian 12) prints. The multi-line outputs LOOPBACK, UNPRIVILEGED,
 * UNREACHABLE_ERRORS and IPV6 and the unknown-host, unreachable-network and broadcast lines were recorded from real
 * runs; SLOW_AND_LOSSY and the SOCK_DGRAM refusal are written in the same format with other numbers and words.
 */
class PingOutputTest {

    private static final String LOOPBACK = """
            PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
            64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.044 ms
            64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.038 ms
            64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.039 ms

            --- 127.0.0.1 ping statistics ---
            3 packets transmitted, 3 received, 0% packet loss, time 409ms
            rtt min/avg/max/mdev = 0.038/0.040/0.044/0.002 ms
            """;

    /** A copy of the binary without its file capability, run as nobody outside net.ipv4.ping_group_range. */
    private static final String UNPRIVILEGED = """
            /tmp/ping-copy: socktype: SOCK_RAW
            /tmp/ping-copy: socket: Operation not permitted
            /tmp/ping-copy: => missing cap_net_raw+p capability or setuid?
            """;

    private static final String UNREACHABLE_ERRORS = """
            PING 10.255.255.1 (10.255.255.1) 56(84) bytes of data.
            From 21.4.9.93 icmp_seq=1 Destination Port Unreachable

            --- 10.255.255.1 ping statistics ---
            1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms

            """;

    private static final String IPV6 = """
            PING ::1(::1) 56 data bytes
            64 bytes from ::1: icmp_seq=1 ttl=64 time=0.195 ms

            --- ::1 ping statistics ---
            1 packets transmitted, 1 received, 0% packet loss, time 0ms
            rtt min/avg/max/mdev = 0.195/0.195/0.195/0.000 ms
            """;

    /** The format of a run over a slow, lossy link (same lines as above, other numbers). */
    private static final String SLOW_AND_LOSSY = """
            PING db.example.com (198.51.100.20) 56(84) bytes of data.
            64 bytes from 198.51.100.20: icmp_seq=1 ttl=52 time=248 ms
            64 bytes from 198.51.100.20: icmp_seq=3 ttl=52 time=252 ms

            --- db.example.com ping statistics ---
            3 packets transmitted, 2 received, 33.3333% packet loss, time 402ms
            rtt min/avg/max/mdev = 248.114/250.305/252.496/2.191 ms
            """;

    private static CheckOutcome judge(String output, int exitCode, Map<String, String> settings) {
        PingCheck check = (PingCheck) new PingCheckType().create(settings, LoopbackServices.ALLOWED);
        return check.judge(PingOutput.parse(output, exitCode), 1);
    }

    @Test
    void readsTheStatisticsAndAverageRoundTrip() {
        assertThat(PingOutput.parse(LOOPBACK, 0)).isEqualTo(new PingOutput.Statistics("127.0.0.1", 3, 3, 0.040));
        assertThat(PingOutput.parse(IPV6, 0)).isEqualTo(new PingOutput.Statistics("::1", 1, 1, 0.195));
        assertThat(judge(LOOPBACK, 0, Map.of("host", "127.0.0.1")).reason())
                .isEqualTo("3 of 3 echo requests to 127.0.0.1 answered, average round trip 0.040 ms");
    }

    @Test
    void recognisesAProcessWithoutThePrivilegeToPing() {
        assertThat(PingOutput.parse(UNPRIVILEGED, 2)).isInstanceOf(PingOutput.NotPermitted.class);
        assertThat(PingOutput.parse("ping: socktype: SOCK_DGRAM\nping: socket: Permission denied\n", 2))
                .isInstanceOf(PingOutput.NotPermitted.class);
        // Not ping's own refusal: the program that was to start it could not.
        assertThat(PingOutput.parse("setpriv: failed to execute ping: Operation not permitted\n", 126))
                .isInstanceOf(PingOutput.Other.class);
        CheckOutcome outcome = judge(UNPRIVILEGED, 2, Map.of("host", "127.0.0.1"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("ping is not permitted for this process: it needs CAP_NET_RAW or"
                        + " net.ipv4.ping_group_range covering its group");
    }

    @Test
    void countsRequestsAnsweredOnlyByErrorsAsUnanswered() {
        CheckOutcome outcome = judge(UNREACHABLE_ERRORS, 1, Map.of("host", "10.255.255.1", "count", "1"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("1 of 1 echo requests to 10.255.255.1 unanswered");
    }

    @Test
    void failsOnLossAboveTheMaximumAndNamesTheAddressBehindAName() {
        CheckOutcome outcome = judge(SLOW_AND_LOSSY, 1, Map.of("host", "db.example.com"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo(
                        "1 of 3 echo requests to db.example.com (198.51.100.20) unanswered (33% loss, more than the maximum 0%)");
    }

    @Test
    void failsWhenTheAverageRoundTripIsLongerThanTheMaximum() {
        CheckOutcome outcome = judge(
                SLOW_AND_LOSSY, 1, Map.of("host", "db.example.com", "maxPacketLoss", "50", "maxAverageRttMs", "100"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("average round trip 250 ms, more than the maximum 100 ms");
    }

    @Test
    void healthyWithLossWithinTheMaximumSayingSo() {
        CheckOutcome outcome = judge(
                SLOW_AND_LOSSY, 1, Map.of("host", "db.example.com", "maxPacketLoss", "50", "maxAverageRttMs", "300"));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason())
                .isEqualTo(
                        "2 of 3 echo requests to db.example.com (198.51.100.20) answered (33% loss), average round trip 250 ms");
        assertThat(outcome.latencyMillis()).isEqualTo(250);
    }

    @Test
    void recognisesAnUnknownHostAndAnUnreachableNetwork() {
        assertThat(judge("ping: nowhere.invalid: Name or service not known\n", 2, Map.of("host", "nowhere.invalid"))
                        .reason())
                .isEqualTo("unknown host nowhere.invalid");
        assertThat(judge("ping: connect: Network is unreachable\n", 2, Map.of("host", "203.0.113.9"))
                        .reason())
                .isEqualTo("no route to 203.0.113.9: network is unreachable");
    }

    @Test
    void reportsAnythingElseWithTheLastLinePingPrinted() {
        assertThat(judge(
                                "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n",
                                2,
                                Map.of("host", "192.0.2.255"))
                        .reason())
                .isEqualTo("ping to 192.0.2.255 failed (exit code 2): ping: Do"
                        + " you want to ping broadcast? Then -b. If not, check your local firewall rules");
    }
}
