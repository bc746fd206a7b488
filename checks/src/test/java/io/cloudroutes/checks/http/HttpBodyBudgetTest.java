package io.cloudroutes.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.testing.StallingServer;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks that keep a page share one worker-wide budget of bytes: they wait for room, and never hold it past their end. */
class HttpBodyBudgetTest {

    private static final String SETTING = "CLOUDROUTES_WORKER_BODY_BUDGET_BYTES";
    private static final int PAGE_BYTES = 512 * 1024;
    private static final int CHECKS = 40;
    private static final int SMALL_PAGES = 30;
    /** The room a page sent without a length takes before it is read. */
    private static final long FIRST_SHARE = BodyBudget.keptFor(HttpCheck.FIRST_SHARE_BYTES);
    /** A health page of a few hundred bytes. */
    private static final byte[] HEALTH_PAGE = ("<html><body><h1>status: ok</h1>" + "<p>all good</p>".repeat(20)
                    + "</body></html>")
            .getBytes(StandardCharsets.US_ASCII);

    /** The smallest budget there may be: one 1 MiB page and its text, or two pages of 512 KiB. */
    private final BodyBudget budget = new BodyBudget(BodyBudget.LARGEST_RESERVATION, SETTING);

    private final CheckServices services = CheckServices.of(LoopbackServices.ALLOWED.egress(), budget);
    private final HttpCheckType type = new HttpCheckType();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] page = ("{\"status\": \"ok\", \"padding\": \"" + "x".repeat(PAGE_BYTES - 40) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    private LocalServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalServer.http()
                .respond("/page", 200, "application/json", new String(page, StandardCharsets.UTF_8))
                .handle("/held-back", exchange -> {
                    // Headers now, the body once the checks with a length that got no room wait for it: the checks
                    // that got room hold it until their page arrives. Half are sent without a length (chunked): those
                    // read within a small first share and, as the page grows past it, compete for room as they read.
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    boolean chunked = exchange.getRequestURI().getQuery() != null;
                    exchange.sendResponseHeaders(200, chunked ? 0 : page.length);
                    exchange.getResponseBody().flush();
                    await().atMost(Duration.ofSeconds(20)).until(() -> budget.waits() >= CHECKS / 2 - 2);
                    exchange.getResponseBody().write(page);
                    exchange.close();
                })
                .redirect("/moved", 302, "/page");
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        server.close();
    }

    private CheckOutcome run(Map<String, String> settings, Duration timeout) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), services)
                .run(timeout);
    }

    @Test
    void manyChecksThatKeepPagesShareASmallBudgetAndAllFinishWithTheirOwnVerdict() throws Exception {
        List<Future<CheckOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            String url = server.url("/held-back") + (i % 2 == 0 ? "" : "?chunked");
            // every other check looks for a keyword the page lacks: each must get its own answer, none another's
            Map<String, String> settings = Map.of("url", url, "keyword", i % 4 < 2 ? "\"ok\"" : "\"down\"");
            outcomes.add(threads.submit(() -> run(settings, Duration.ofSeconds(20))));
        }

        for (int i = 0; i < CHECKS; i++) {
            CheckOutcome outcome = outcomes.get(i).get();
            if (i % 4 < 2) {
                assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
            } else {
                assertThat(outcome.reason()).isEqualTo("keyword '\"down\"' not found in the response");
            }
        }
        // at most two pages fit at once, so the others with a length waited, and none was refused
        assertThat(budget.waits()).isGreaterThanOrEqualTo(CHECKS / 2 - 2);
        assertThat(budget.refusals()).isZero();
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void smallPagesWithoutALengthAreAllReadAtOnceOnTheSmallestBudgetWhileASlowOneTrickles() throws Exception {
        CountDownLatch sendSmallPages = new CountDownLatch(1);
        CountDownLatch smallPagesJudged = new CountDownLatch(1);
        server.handle("/trickled", exchange -> {
            // a page sent a space at a time, every 50 ms, for as long as the small pages take
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("<html><body>".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!awaitQuietly(smallPagesJudged, Duration.ofMillis(50))) {
                out.write(' ');
                out.flush();
            }
            out.write("status: ok</body></html>".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        });
        server.handle("/small", exchange -> {
            // headers now, the page once every check holds room for its own at the same time
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            if (awaitQuietly(sendSmallPages, Duration.ofSeconds(10))) {
                exchange.getResponseBody().write(HEALTH_PAGE);
            }
            exchange.close();
        });
        Future<CheckOutcome> slow = threads.submit(
                () -> run(Map.of("url", server.url("/trickled"), "keyword", "status: ok"), Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.available() < budget.size());

        List<Future<CheckOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < SMALL_PAGES; i++) {
            outcomes.add(threads.submit(
                    () -> run(Map.of("url", server.url("/small"), "keyword", "status: ok"), Duration.ofSeconds(10))));
        }
        // every check, the slow one too, holds room for its page at once, and none waited for it
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(budget.available()).isEqualTo(budget.size() - (SMALL_PAGES + 1) * FIRST_SHARE));
        assertThat(budget.waits()).isZero();
        sendSmallPages.countDown();
        for (Future<CheckOutcome> outcome : outcomes) {
            assertThat(outcome.get().status()).as(outcome.get().reason()).isEqualTo(Status.HEALTHY);
        }
        assertThat(budget.waits()).isZero();
        assertThat(slow.isDone()).isFalse();
        smallPagesJudged.countDown();

        assertThat(slow.get().status()).as(slow.get().reason()).isEqualTo(Status.HEALTHY);
        assertThat(budget.waits()).isZero();
        assertThat(budget.refusals()).isZero();
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void aPageWithoutALengthThatOutgrowsItsShareWhileTheBudgetIsFullGivesItBackWaitsAndThenFinishes() throws Exception {
        CountDownLatch sendTheRest = new CountDownLatch(1);
        byte[] head = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] rest = ("x".repeat(200 * 1024) + "needle").getBytes(StandardCharsets.US_ASCII);
        server.handle("/growing", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(head);
            exchange.getResponseBody().flush();
            if (awaitQuietly(sendTheRest, Duration.ofSeconds(10))) {
                exchange.getResponseBody().write(rest);
            }
            exchange.close();
        });
        BodyBudget.Reservation others = budget.reservation();
        assertThat(others.reserve(budget.size() - FIRST_SHARE, System.nanoTime()))
                .isTrue();

        Future<CheckOutcome> outcome = threads.submit(
                () -> run(Map.of("url", server.url("/growing"), "keyword", "needle"), Duration.ofSeconds(20)));
        // it reads within its first share, which fills the budget
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.available() == 0);
        assertThat(budget.waits()).isZero();
        sendTheRest.countDown();
        // past its share there is no room: it gives its share back and waits, holding nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.waits() == 1);
        assertThat(budget.available()).isEqualTo(FIRST_SHARE);
        assertThat(outcome.isDone()).isFalse();
        others.close();

        CheckOutcome result = outcome.get();
        assertThat(result.status()).as(result.reason()).isEqualTo(Status.HEALTHY);
        assertThat(budget.refusals()).isZero();
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void aPageWithoutALengthThatOutgrowsItsShareAndGetsNoRoomBeforeItsTimeoutIsNotRunAndHoldsNothing() {
        byte[] large = "x".repeat(200 * 1024).getBytes(StandardCharsets.US_ASCII);
        server.handle("/large", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(large);
            exchange.close();
        });
        try (BodyBudget.Reservation others = budget.reservation()) {
            assertThat(others.reserve(budget.size() - FIRST_SHARE, System.nanoTime()))
                    .isTrue();

            CheckOutcome outcome =
                    run(Map.of("url", server.url("/large"), "keyword", "needle"), Duration.ofMillis(500));

            assertThat(outcome.status()).isEqualTo(Status.UNKNOWN);
            assertThat(outcome.reason())
                    .isEqualTo("not run: no room in this worker's body budget (" + SETTING + "=" + budget.size()
                            + ") within the check's 500 ms timeout; the target was not judged");
            // the run's own thread stops waiting just after the verdict, holding nothing
            await().atMost(Duration.ofSeconds(5)).until(() -> budget.refusals() == 1);
            assertThat(budget.available()).isEqualTo(FIRST_SHARE);
        }
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void aCheckThatGetsNoRoomBeforeItsTimeoutIsNotRunAndNamesTheSettingInsteadOfFailingTheTarget() {
        Map<String, String> settings = Map.of("url", server.url("/page"), "jsonConditions", "$.status == \"ok\"");
        try (BodyBudget.Reservation elsewhere = budget.reservation()) {
            assertThat(elsewhere.reserve(budget.size(), System.nanoTime())).isTrue();

            CheckOutcome outcome = run(settings, Duration.ofMillis(300));

            assertThat(outcome.status()).isEqualTo(Status.UNKNOWN);
            assertThat(outcome.reason())
                    .isEqualTo("not run: no room in this worker's body budget (" + SETTING + "=" + budget.size()
                            + ") within the check's 300 ms timeout; the target was not judged");
            assertThat(budget.refusals()).isEqualTo(1);
        }
        assertThat(run(settings, Duration.ofSeconds(5)).status()).isEqualTo(Status.HEALTHY);
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void aCheckWithoutBodyConditionsNeverTouchesTheBudget() {
        try (BodyBudget.Reservation elsewhere = budget.reservation()) {
            assertThat(elsewhere.reserve(budget.size(), System.nanoTime())).isTrue();

            CheckOutcome outcome =
                    run(Map.of("url", server.url("/page"), "maxResponseTimeMs", "10000"), Duration.ofSeconds(5));

            assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
            assertThat(budget.waits()).isZero();
        }
    }

    @Test
    void aPageReachedThroughARedirectIsKeptAndReleased() {
        CheckOutcome outcome = run(Map.of("url", server.url("/moved"), "keyword", "\"ok\""), Duration.ofSeconds(5));

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
        assertThat(budget.available()).isEqualTo(budget.size());
    }

    @Test
    void theRoomIsGivenBackWhenTheServerClosesInTheMiddleOfThePage() throws IOException {
        try (ServerSocket closing = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> answerHalfAPageAndClose(closing));

            CheckOutcome outcome = run(
                    Map.of("url", "http://127.0.0.1:" + closing.getLocalPort() + "/", "keyword", "needle"),
                    Duration.ofSeconds(5));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).startsWith("HTTP 200 received, but reading the body failed");
            assertThat(budget.available()).isEqualTo(budget.size());
        }
    }

    @Test
    void theRoomIsGivenBackWhenThePageDoesNotArriveBeforeTheTimeout() throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1073741824\r\n\r\n";
        try (StallingServer stalling = new StallingServer(head, 65_536)) {
            CheckOutcome outcome = run(Map.of("url", stalling.url("/"), "keyword", "needle"), Duration.ofMillis(500));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("HTTP 200 received, but not the whole body within 500 ms");
            // the run's own thread gives the room back as it stops, just after the verdict
            await().atMost(Duration.ofSeconds(5)).until(() -> budget.available() == budget.size());
        }
    }

    /** Waits up to {@code most} for {@code latch}: true once it opened, or when the wait was interrupted (stop). */
    private static boolean awaitQuietly(CountDownLatch latch, Duration most) {
        try {
            return latch.await(most.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Answers one request with a 1 MiB page's head and its first 64 KiB, then closes the connection. */
    private static Void answerHalfAPageAndClose(ServerSocket server) {
        try (Socket connection = server.accept()) {
            InputStream in = connection.getInputStream();
            for (int matched = 0; matched < 4; ) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BodyBudget.MAX_PAGE_BYTES
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[65_536]);
            out.flush();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
