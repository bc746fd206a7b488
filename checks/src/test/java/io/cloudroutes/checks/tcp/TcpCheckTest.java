package io.cloudroutes.checks.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.FullBacklog;
import io.cloudroutes.core.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    private final TcpCheckType type = new TcpCheckType();

    private CheckOutcome check(String host, int port) {
        Map<String, String> settings = Map.of("host", host, "port", String.valueOf(port));
        assertThat(type.validate(settings)).isEmpty();
        return type.create(settings).run(Duration.ofSeconds(2));
    }

    @Test
    void healthyWhenSomethingListens() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CheckOutcome outcome = check("127.0.0.1", server.getLocalPort());
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason()).startsWith("connected to 127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void failsWhenTheConnectionIsRefused() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        CheckOutcome outcome = check("127.0.0.1", port);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("connection refused to 127.0.0.1:" + port);
    }

    @Test
    void failsForAnUnknownHost() {
        CheckOutcome outcome = check("nowhere.invalid", 80);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("unknown host nowhere.invalid");
    }

    @Test
    void failsWhenNoConnectionIsMadeWithinTheTimeout() throws IOException {
        try (FullBacklog silent = new FullBacklog()) {
            CheckOutcome outcome = type.create(Map.of("host", "127.0.0.1", "port", String.valueOf(silent.port())))
                    .run(Duration.ofMillis(300));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("no connection to 127.0.0.1:" + silent.port() + " within 300 ms");
        }
    }

    @Test
    void rejectsPortZeroAndAHostWithAScheme() {
        Map<String, String> errors = type.validate(Map.of("host", "http://db", "port", "0"));
        assertThat(errors).containsEntry("port", "Port must be between 1 and 65535");
        assertThat(errors.get("host")).contains("without scheme");
        assertThat(type.validate(Map.of())).containsEntry("host", "Host is required").containsEntry("port", "Port is required");
        assertThat(type.validate(Map.of("host", "db", "port", "http"))).containsEntry("port", "Port must be a whole number");
        assertThat(type.validate(Map.of("host", "db", "port", "5432", "tls", "yes")))
                .containsOnlyKeys("tls");
    }
}
