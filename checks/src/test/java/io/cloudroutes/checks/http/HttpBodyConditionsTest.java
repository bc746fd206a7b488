package io.cloudroutes.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.testing.StallingServer;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpBodyConditionsTest {

    private static final String STATUS_JSON = """
            {"status": "degraded", "queue": 250, "ready": false, "items": [], "version": "2.4.1",
             "zones": ["eu-west", "us-east"], "ratio": 0.5, "owner": null}""";

    private final HttpCheckType type = new HttpCheckType();
    private LocalServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalServer.http()
                .respond("/status", 200, "application/json", STATUS_JSON)
                .respond(
                        "/healthy",
                        200,
                        "application/json",
                        "{\"status\": \"ok\", \"queue\": 3, \"ready\": true, \"items\": [1, 2], \"zones\": [\"eu-west\"]}")
                .respond("/page", 200, "text/html; charset=utf-8", "<html><body>Build 2.4.1 ERROR 42</body></html>")
                .respond("/unavailable", 503, "application/json", "{\"status\": \"down\"}")
                .respond("/large", 200, "text/plain", "x".repeat(HttpCheckType.MAX_BODY_BYTES) + "needle")
                .handle("/echo", exchange -> LocalServer.send(exchange, 200, "received"))
                .handle("/slow", exchange -> {
                    // The server answers late on purpose; nothing in the test waits for this.
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    LocalServer.send(exchange, exchange.getRequestURI().getQuery() == null ? 200 : 503, "late");
                });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CheckOutcome run(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), LoopbackServices.ALLOWED)
                .run(Duration.ofSeconds(5));
    }

    private CheckOutcome json(String path, String conditions) {
        return run(Map.of("url", server.url(path), "jsonConditions", conditions));
    }

    @Test
    void sendsTheBodyWithItsContentType() {
        CheckOutcome outcome = run(Map.of(
                "url",
                server.url("/echo"),
                "method",
                "POST",
                "body",
                "{\"probe\": true}\n",
                "bodyContentType",
                "application/json; charset=utf-8"));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(server.seen("/echo").method()).isEqualTo("POST");
        assertThat(server.seen("/echo").body()).isEqualTo("{\"probe\": true}\n");
        assertThat(server.seen("/echo").headers().getFirst("Content-Type"))
                .isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void healthyWhenEveryBodyConditionHolds() {
        CheckOutcome outcome = run(Map.of(
                "url",
                server.url("/healthy"),
                "keyword",
                "\"ok\"",
                "regex",
                "\"queue\":\\s*\\d+",
                "jsonConditions",
                """
                        $.status == "ok"
                        $.queue < 100
                        $.items.length() > 0
                        $.ready == true
                        $.zones contains "eu-west"
                        $.status != 'down'
                        """));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("HTTP 200 in \\d+ ms");
    }

    @Test
    void failsWhenTheKeywordIsMissingAndSaysOnlyTheFirstMebibyteWasSearched() {
        CheckOutcome outcome = run(Map.of("url", server.url("/large"), "keyword", "needle"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("keyword 'needle' not found in the first 1 MiB of the response");
    }

    @Test
    void readsNoMoreThanTheFirstMebibyteOfAnEndlessBody() throws IOException {
        // a body announced as 1 GiB, of which the server sends a little more than 1 MiB and then nothing
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1073741824\r\n\r\n";
        try (StallingServer endless = new StallingServer(head, HttpCheckType.MAX_BODY_BYTES + 65_536)) {
            CheckOutcome outcome = run(Map.of("url", endless.url("/"), "keyword", "needle"));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("keyword 'needle' not found in the first 1 MiB of the response");
        }
    }

    @Test
    void followsARedirectWithoutReadingItsBody() throws IOException {
        try (StallingServer redirect = new StallingServer(
                "HTTP/1.1 302 Found\r\nLocation: " + server.url("/healthy") + "\r\nContent-Length: 1073741824\r\n\r\n",
                65_536)) {
            CheckOutcome outcome = run(Map.of("url", redirect.url("/"), "keyword", "\"ok\""));

            assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
        }
    }

    @Test
    void failsWhenTheRegularExpressionDoesNotMatch() {
        CheckOutcome outcome = run(Map.of("url", server.url("/page"), "regex", "Build 3\\.\\d+"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("regular expression 'Build 3\\.\\d+' does not match the response");
        assertThat(run(Map.of("url", server.url("/page"), "regex", "Build 2\\.\\d+"))
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenARegularExpressionThatMustBeAbsentMatchesAndShowsTheMatch() {
        CheckOutcome outcome = run(Map.of("url", server.url("/page"), "regex", "ERROR \\d+", "regexMode", "absent"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("regular expression 'ERROR \\d+' matches 'ERROR 42' in the response but must not match");
        assertThat(run(Map.of("url", server.url("/page"), "regex", "FATAL", "regexMode", "absent"))
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenAStringConditionDoesNotHoldAndShowsTheActualValue() {
        CheckOutcome outcome = json("/status", "$.status == \"ok\"");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("JSON condition '$.status == \"ok\"' failed: $.status is \"degraded\"");
    }

    @Test
    void failsWhenANumberIsTooHigh() {
        assertThat(json("/status", "$.queue < 100").reason())
                .isEqualTo("JSON condition '$.queue < 100' failed: $.queue is 250");
        assertThat(json("/status", "$.queue <= 249").reason())
                .isEqualTo("JSON condition '$.queue <= 249' failed: $.queue is 250");
        assertThat(json("/status", "$.ratio >= 0.75").reason())
                .isEqualTo("JSON condition '$.ratio >= 0.75' failed: $.ratio is 0.5");
        assertThat(json("/status", "$.queue >= 250").status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenAListIsEmpty() {
        assertThat(json("/status", "$.items.length() > 0").reason())
                .isEqualTo("JSON condition '$.items.length() > 0' failed: $.items.length() is 0");
    }

    @Test
    void failsWhenAFlagIsFalse() {
        assertThat(json("/status", "$.ready == true").reason())
                .isEqualTo("JSON condition '$.ready == true' failed: $.ready is false");
    }

    @Test
    void failsWhenAValueThatMustDifferIsEqual() {
        assertThat(json("/status", "$.version != \"2.4.1\"").reason())
                .isEqualTo("JSON condition '$.version != \"2.4.1\"' failed: $.version is \"2.4.1\"");
    }

    @Test
    void failsWhenAListOrTextDoesNotContainTheValue() {
        assertThat(json("/status", "$.zones contains \"ap-south\"").reason())
                .isEqualTo(
                        "JSON condition '$.zones contains \"ap-south\"' failed: $.zones is [\"eu-west\",\"us-east\"]");
        assertThat(json("/status", "$.version contains \"3.\"").reason())
                .isEqualTo("JSON condition '$.version contains \"3.\"' failed: $.version is \"2.4.1\"");
        assertThat(json("/status", "$.zones contains \"us-east\"").status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenAComparedValueIsNotANumber() {
        assertThat(json("/status", "$.status > 1").reason())
                .isEqualTo("JSON condition '$.status > 1' failed: $.status is \"degraded\", not a number");
        assertThat(json("/status", "$.owner < 1").reason())
                .isEqualTo("JSON condition '$.owner < 1' failed: $.owner is null, not a number");
    }

    @Test
    void failsWhenThePathIsNotInTheResponse() {
        assertThat(json("/status", "$.queue.depth < 100").reason())
                .isEqualTo("JSON condition '$.queue.depth < 100' failed: $.queue.depth not found in the response");
        assertThat(json("/status", "$.missing == 1").reason())
                .isEqualTo("JSON condition '$.missing == 1' failed: $.missing not found in the response");
    }

    @Test
    void failsWhenTheResponseIsNotJson() {
        assertThat(json("/page", "$.status == \"ok\"").reason())
                .isEqualTo(
                        "JSON condition '$.status == \"ok\"' failed: response is not JSON (Content-Type text/html; charset=utf-8)");
    }

    @Test
    void reportsTheFirstFailingConditionInTheWrittenOrder() {
        assertThat(json("/status", "$.zones contains \"eu-west\"\n$.ready == true\n$.queue < 100")
                        .reason())
                .isEqualTo("JSON condition '$.ready == true' failed: $.ready is false");
    }

    @Test
    void reportsTheStatusBeforeTheBody() {
        assertThat(run(Map.of(
                                "url",
                                server.url("/unavailable"),
                                "jsonConditions",
                                "$.status == \"ok\"",
                                "keyword",
                                "ok"))
                        .reason())
                .isEqualTo("expected status 200-299 but got 503");
    }

    @Test
    void failsWhenTheResponseIsSlowerThanTheMaximum() {
        CheckOutcome outcome = run(Map.of("url", server.url("/slow"), "maxResponseTimeMs", "50"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        Matcher matcher = Pattern.compile("response took (\\d+) ms, more than the maximum 50 ms")
                .matcher(outcome.reason());
        assertThat(matcher.matches()).as(outcome.reason()).isTrue();
        assertThat(Long.parseLong(matcher.group(1))).isGreaterThan(50).isEqualTo(outcome.latencyMillis());
    }

    @Test
    void reportsAWrongStatusBeforeSlowness() {
        assertThat(run(Map.of("url", server.url("/slow?fail"), "maxResponseTimeMs", "50"))
                        .reason())
                .isEqualTo("expected status 200-299 but got 503");
    }

    @Test
    void healthyWhenTheResponseIsWithinTheMaximum() {
        Map<String, String> settings =
                new HashMap<>(Map.of("url", server.url("/healthy"), "maxResponseTimeMs", "300000"));
        assertThat(run(settings).status()).isEqualTo(Status.HEALTHY);
    }

    /**
     * A page no condition looks into is read to its end (the response time is the whole response's) but not kept: a
     * worker running hundreds of checks at once holds kilobytes per check, not the page and its text. Measured as the
     * bytes the JVM's threads allocate while the check runs, less what serving the page costs the test's own server
     * (measured by fetching it through a plain socket), against the same check with a keyword, which keeps it.
     */
    @Test
    void aLargePageNoConditionLooksIntoIsReadThroughWithoutBeingKept() {
        Map<String, String> plain = Map.of("url", server.url("/large"));
        Map<String, String> searched =
                Map.of("url", server.url("/large"), "keyword", "needle", "keywordMode", "absent");
        run(plain);
        run(searched); // classes loaded and connections made: what follows is the checks' own allocation
        fetchThroughASocket("/large");

        long serving = allocatedWhile(() -> fetchThroughASocket("/large"));
        long readThrough = allocatedWhile(() -> assertThat(run(plain).status()).isEqualTo(Status.HEALTHY)) - serving;
        long kept = allocatedWhile(() -> assertThat(run(searched).status()).isEqualTo(Status.HEALTHY)) - serving;

        assertThat(kept)
                .as("bytes allocated by a check that keeps the 1 MiB it searches")
                .isGreaterThan(2L * HttpCheckType.MAX_BODY_BYTES);
        assertThat(readThrough)
                .as("bytes allocated by a check that only reads the 1 MiB page through")
                .isLessThan(HttpCheckType.MAX_BODY_BYTES / 2);
    }

    /** Fetches the page and drops it through an 8 KiB buffer: what is allocated is nearly all the server's. */
    private void fetchThroughASocket(String path) {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[8192];
            java.io.InputStream in = socket.getInputStream();
            long read = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
            assertThat(read).isGreaterThan(HttpCheckType.MAX_BODY_BYTES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long allocatedWhile(Runnable check) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        check.run();
        return threads.getTotalThreadAllocatedBytes() - before;
    }
}
