package io.cloudroutes.checks.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.checks.support.FullBacklog;
import io.cloudroutes.core.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    private final TcpCheckType type = new TcpCheckType();

    private CheckOutcome check(String host, int port) {
        Map<String, String> settings = Map.of("host", host, "port", String.valueOf(port));
        assertThat(type.validate(settings)).isEmpty();
        return type.create(settings, LoopbackServices.ALLOWED).run(Duration.ofSeconds(2));
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
            CheckOutcome outcome = type.create(
                            Map.of("host", "127.0.0.1", "port", String.valueOf(silent.port())),
                            LoopbackServices.ALLOWED)
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
        assertThat(type.validate(Map.of()))
                .containsEntry("host", "Host is required")
                .containsEntry("port", "Port is required");
        assertThat(type.validate(Map.of("host", "db", "port", "http")))
                .containsEntry("port", "Port must be a whole number");
        assertThat(type.validate(Map.of("host", "db", "port", "5432", "tls", "yes")))
                .containsOnlyKeys("tls");
    }

    private CheckOutcome exchange(int port, String send, String expect, Duration timeout) {
        Map<String, String> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", String.valueOf(port)));
        if (send != null) {
            settings.put("send", send);
        }
        if (expect != null) {
            settings.put("expect", expect);
        }
        assertThat(type.validate(settings)).isEmpty();
        return type.create(settings, LoopbackServices.ALLOWED).run(timeout);
    }

    /** A server that greets first and then waits for the client to hang up, as SSH and SMTP servers do. */
    private static ScriptedServer greeting(String banner) throws IOException {
        return new ScriptedServer(client -> {
            client.getOutputStream().write(banner.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            client.getInputStream().read();
        });
    }

    /** Reads until the request ends with a line break; returns what was read. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            line.append((char) c);
            if (c == '\n') {
                break;
            }
        }
        return line.toString();
    }

    @Test
    void healthyWhenTheBannerContainsTheExpectedTextWithoutSendingAnything() throws IOException {
        try (ScriptedServer ssh = greeting("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")) {
            CheckOutcome outcome = exchange(ssh.port(), null, "SSH-2.0", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason()).matches("'SSH-2.0' received from 127.0.0.1:" + ssh.port() + " in \\d+ ms");
        }
    }

    @Test
    void sendsTheRequestWithEscapesTurnedIntoBytesAndFindsTheExpectedReply() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (ScriptedServer redis = new ScriptedServer(client -> {
            request.complete(readLine(client.getInputStream()));
            client.getOutputStream().write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getInputStream().read();
        })) {
            CheckOutcome outcome = exchange(redis.port(), "PING\\r\\n", "+PONG", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason()).startsWith("'+PONG' received from 127.0.0.1:" + redis.port());
            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("PING\r\n");
        }
    }

    @Test
    void findsTheExpectedTextWhenTheReplyArrivesInPieces() throws IOException {
        try (ScriptedServer slow = new ScriptedServer(client -> {
            readLine(client.getInputStream());
            OutputStream out = client.getOutputStream();
            for (String piece : new String[] {"+PO", "N", "G\r\n"}) {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            client.getInputStream().read();
        })) {
            CheckOutcome outcome = exchange(slow.port(), "PING\\n", "+PONG", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        }
    }

    @Test
    void failsWithTheReplyShownWhenTheBannerIsNotTheExpectedOne() throws IOException {
        try (ScriptedServer smtp = greeting("220 mail ESMTP\r\n")) {
            CheckOutcome outcome = exchange(smtp.port(), null, "SSH-2.0", Duration.ofMillis(500));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("expected 'SSH-2.0' in the reply but got '220 mail ESMTP\\r\\n'");
        }
    }

    @Test
    void failsWhenTheServerClosesBeforeReplying() throws IOException {
        try (ScriptedServer rude = new ScriptedServer(client -> readLine(client.getInputStream()))) {
            CheckOutcome outcome = exchange(rude.port(), "PING\\r\\n", "PONG", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("connection closed before 'PONG' arrived");
        }
    }

    @Test
    void failsWithTheReplyShownWhenTheServerAnswersSomethingElseAndCloses() throws IOException {
        try (ScriptedServer wrong = new ScriptedServer(client -> {
            readLine(client.getInputStream());
            client.getOutputStream().write("-ERR unknown command 'PING'\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            CheckOutcome outcome = exchange(wrong.port(), "PING\\r\\n", "PONG", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo(
                            "expected 'PONG' in the reply but got '-ERR unknown command 'PING'\\r\\n' before the connection closed");
        }
    }

    @Test
    void failsWhenNoReplyArrivesWithinTheTimeout() throws IOException {
        try (ScriptedServer silent =
                new ScriptedServer(client -> client.getInputStream().readAllBytes())) {
            CheckOutcome outcome = exchange(silent.port(), "PING\\r\\n", "PONG", Duration.ofMillis(300));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("no reply containing 'PONG' within 300 ms");
        }
    }

    @Test
    void showsBinaryRepliesEscapedAndCutShort() throws IOException {
        byte[] reply = new byte[300];
        Arrays.fill(reply, (byte) 'a');
        reply[0] = 0;
        reply[1] = (byte) 0x1b;
        try (ScriptedServer binary =
                new ScriptedServer(client -> client.getOutputStream().write(reply))) {
            CheckOutcome outcome = exchange(binary.port(), null, "PONG", Duration.ofSeconds(2));
            assertThat(outcome.reason())
                    .isEqualTo("expected 'PONG' in the reply but got '\\x00\\x1b"
                            + "a".repeat(EscapedText.SHOWN_CHARACTERS - 2) + "…' before the connection closed");
        }
    }

    @Test
    void readsNoMoreThan64KiBLookingForTheExpectedText() throws IOException {
        byte[] reply = new byte[TcpCheck.MAX_REPLY_BYTES + 1000];
        Arrays.fill(reply, (byte) 'x');
        byte[] tail = "PONG".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, reply, reply.length - tail.length, tail.length);
        try (ScriptedServer chatty = new ScriptedServer(client -> {
            client.getOutputStream().write(reply);
            client.getInputStream().read();
        })) {
            CheckOutcome outcome = exchange(chatty.port(), null, "PONG", Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("expected 'PONG' in the first 65536 bytes of the reply but got '"
                            + "x".repeat(EscapedText.SHOWN_CHARACTERS) + "…'");
        }
    }

    @Test
    void healthyAfterSendingWhenNothingIsExpected() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (ScriptedServer sink = new ScriptedServer(client -> request.complete(readLine(client.getInputStream())))) {
            CheckOutcome outcome = exchange(sink.port(), "QUIT\\r\\n", null, Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason()).startsWith("connected to 127.0.0.1:" + sink.port() + " and sent 6 bytes in ");
            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("QUIT\r\n");
        }
    }

    @Test
    void rejectsUnknownEscapesInSendAndExpect() {
        Map<String, String> errors =
                type.validate(Map.of("host", "db", "port", "6379", "send", "PING\\q", "expect", "PONG\\x4"));
        assertThat(errors)
                .containsEntry("send", "Send: unknown escape '\\q'; use \\r, \\n, \\t, \\\\ or \\xHH")
                .containsEntry("expect", "Expect: \\x must be followed by two hex digits, e.g. \\x00");
        assertThat(type.validate(Map.of("host", "db", "port", "6379", "send", "A\\x00\\\\")))
                .isEmpty();
    }
}
