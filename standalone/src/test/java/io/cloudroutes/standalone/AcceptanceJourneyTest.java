package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.browser.Browser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The acceptance journey: a person uses the whole product (everything in one process, real checks, real mail) in
 * headless Chromium, from signing up to a public status page. They sign up and confirm the address from the mail,
 * follow the onboarding guide to an HTTP monitor of a local service and an email reaction, watch the dashboard turn
 * the monitor red without a reload when the service stops (the reaction's mail arrives, its run shows), see it recover
 * and its response-time chart drawn, put it in maintenance and stop the service again (still checked, the failures
 * recorded, but no reaction), publish a status page and open it logged out. A screenshot of each step goes to
 * target/screenshots/journey-*.png.
 */
class AcceptanceJourneyTest {

    private static final String EMAIL = "owner@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final String ON_CALL = "oncall@example.com";
    private static final Pattern MONITOR_PAGE = Pattern.compile("/monitors/(\\d+)$");
    /** Long enough for a loaded two-core machine that runs the other tests too. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static HttpTarget target;

    @BeforeAll
    static void startCloudRoutes() {
        target = HttpTarget.started();
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory,
                        "default",
                        Map.of(
                                "cloudroutes.smtp.host", "127.0.0.1",
                                "cloudroutes.smtp.port",
                                        String.valueOf(smtp.getSmtp().getPort()),
                                "cloudroutes.monitors.min-interval-seconds", "1")),
                LoopbackAllowed.ENV);
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        target.close();
    }

    @Test
    void aPersonSignsUpWatchesAServiceThroughAnOutageAndMaintenanceAndPublishesItsStatus() {
        Database database = EndToEndDatabase.rows(cloudroutes);
        try (Browser browser = Browser.open(cloudroutes.url())) {
            signUp(browser);
            long monitorId = followTheOnboardingGuide(browser);
            watchItFailLive(browser, monitorId);
            watchItRecoverAndOpenItsChart(browser, monitorId);
            failDuringMaintenance(browser, database, monitorId);
            publishAStatusPageAndOpenItLoggedOut(browser, monitorId);
        }
    }

    private static void signUp(Browser browser) {
        browser.get("/signup");
        browser.type("email", EMAIL).type("password", PASSWORD);
        browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
        MimeMessage confirmation = await().atMost(PATIENCE)
                .until(() -> ReceivedMail.to(smtp::getReceivedMessages, EMAIL), mails -> !mails.isEmpty())
                .getFirst();
        // the link names the public URL; the path and token are what the person's browser opens here
        URI link = URI.create(ReceivedMail.link(confirmation, "http"));
        browser.get(link.getRawPath() + "?" + link.getRawQuery());
        assertThat(browser.currentPath()).startsWith("/login");
        browser.logIn(EMAIL, PASSWORD);

        assertThat(browser.currentPath()).isEqualTo("/");
        assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("0 of 3 steps done");
        assertThat(browser.driver().findElements(By.cssSelector("tr[id^=monitor-]")))
                .as("an empty dashboard")
                .isEmpty();
        browser.screenshot("journey-1-signed-up");
    }

    /** The monitor and the reaction, made from the guide's links with the forms; returns the monitor's id. */
    private static long followTheOnboardingGuide(Browser browser) {
        browser.clickAndWait(By.id("onboarding-type-http"));
        browser.type("name", "checkout")
                .type("setting-url", target.url())
                .type("intervalSeconds", "1")
                .type("timeoutSeconds", "1")
                .type("failThreshold", "2")
                .type("recoverThreshold", "1");
        browser.clickAndWait(By.cssSelector("main form button[type=submit]:not(#check-now)"));
        Matcher created = MONITOR_PAGE.matcher(browser.currentPath());
        assertThat(created.find())
                .as("the new monitor's page, not %s", browser.currentPath())
                .isTrue();
        long monitorId = Long.parseLong(created.group(1));

        browser.get("/");
        assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("1 of 3 steps done");
        browser.clickAndWait(By.id("onboarding-email"));
        browser.type("name", "page the on-call").type("setting-to", ON_CALL);
        browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.currentPath()).matches("/reactions/\\d+/edit");

        browser.get("/");
        assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("2 of 3 steps done");
        browser.clickAndWait(By.id("onboarding-attach-link"));
        assertThat(browser.currentPath()).isEqualTo("/monitors/" + monitorId + "/edit#reactions");
        browser.find(By.cssSelector("input[name=reactionIds]")).click();
        browser.screenshot("journey-2-attach-reaction");
        browser.clickAndWait(By.cssSelector("main form button[type=submit]:not(#check-now)"));
        assertThat(browser.find(By.tagName("main")).getText()).contains("page the on-call");
        return monitorId;
    }

    private static void watchItFailLive(Browser browser, long monitorId) {
        browser.get("/");
        assertThat(browser.driver().findElements(By.id("onboarding")))
                .as("the guide is done")
                .isEmpty();
        By row = By.id("monitor-" + monitorId);
        awaitRowStatus(browser, row, "HEALTHY");
        await().atMost(PATIENCE)
                .until(() -> browser.find(By.id("live-status")).getText().startsWith("Live"));
        browser.screenshot("journey-3-dashboard-healthy");
        browser.script("window.journeySamePage = true");

        target.stop();
        awaitRowStatus(browser, row, "FAILED");
        assertThat(browser.find(row).findElement(By.cssSelector(".status")).getText())
                .isEqualTo("FAILED");
        assertThat((Boolean) browser.script("return window.journeySamePage === true"))
                .as("the dashboard changed without a reload")
                .isTrue();
        browser.screenshot("journey-4-dashboard-failed-live");

        MimeMessage alert = await().atMost(PATIENCE)
                .until(() -> ReceivedMail.to(smtp::getReceivedMessages, ON_CALL), mails -> !mails.isEmpty())
                .getFirst();
        assertThat(subject(alert)).contains("checkout").contains("FAILED");
        browser.clickAndWait(By.cssSelector("#monitor-" + monitorId + " th a"));
        awaitOnReload(browser, () -> runsShown(browser), runs -> runs.equals(List.of("EXECUTED")));
        assertThat(browser.find(By.id("runs")).getText()).contains("page the on-call");
        browser.screenshot("journey-5-reaction-ran");
    }

    private static void watchItRecoverAndOpenItsChart(Browser browser, long monitorId) {
        target.start();
        browser.get("/");
        awaitRowStatus(browser, By.id("monitor-" + monitorId), "HEALTHY");
        browser.clickAndWait(By.cssSelector("#monitor-" + monitorId + " th a"));

        // The chart reads the per-minute roll-ups, which the actioners write once a minute: the person picks the
        // last hour again until the minutes of this monitor's checks are in.
        WebElement lastHour = browser.find(By.cssSelector(".chart-ranges button[data-range='1h']"));
        WebElement chart = browser.find(By.id("latency-chart"));
        await().atMost(Duration.ofSeconds(100))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    lastHour.click();
                    return points(chart) > 0;
                });
        assertThat(lastHour.getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(chart.getDomAttribute("data-resolution")).isEqualTo("MINUTE");
        assertThat((Boolean) browser.script(
                        "const c = arguments[0].querySelector('canvas'); return c !== null && c.width > 0 && c.height > 0;",
                        chart))
                .as("the chart is drawn")
                .isTrue();
        browser.script("arguments[0].scrollIntoView()", chart);
        browser.screenshot("journey-6-response-time-chart");
    }

    private static void failDuringMaintenance(Browser browser, Database database, long monitorId) {
        browser.get("/maintenance");
        browser.clickAndWait(By.linkText("New window"));
        browser.type("name", "database upgrade");
        new Select(browser.find(By.id("kind"))).selectByVisibleText("on a cron schedule");
        // every hour on the hour for two hours: a window that covers now, whenever the test runs
        browser.type("cron", "0 0 * * * *").type("durationMinutes", "120");
        new Select(browser.find(By.id("monitorIds"))).selectByVisibleText("checkout");
        browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.find(By.tagName("main")).getText()).contains("database upgrade");

        // The actioners hold a monitor once they have marked it in Redis (within a second of the window's saving);
        // only then does a failure count as one inside the window.
        awaitMaintenanceMark(monitorId);
        Instant inside = Instant.now();
        int runsBefore = database.reactionOutcomes(monitorId).size();
        int mailsBefore = ReceivedMail.to(smtp::getReceivedMessages, ON_CALL).size();

        target.stop();
        browser.get("/monitors/" + monitorId);
        assertThat(browser.find(By.id("maintenance")).getText()).startsWith("In maintenance until");
        awaitOnReload(
                browser,
                () -> browser.find(By.tagName("main")).getText(),
                page -> page.contains("held for maintenance (would be FAILED)"));
        // several failing checks recorded inside the window: more than the FAIL threshold of two
        await().atMost(PATIENCE).until(() -> database.failedResultsSince(monitorId, inside), n -> n >= 4);
        browser.get("/monitors/" + monitorId);
        assertThat(browser.find(By.id("results")).findElements(By.cssSelector("tbody tr .status.FAILED")))
                .as("the failing results are shown")
                .isNotEmpty();
        assertThat(database.reactionOutcomes(monitorId)).as("no reaction ran").hasSize(runsBefore);
        assertThat(runsShown(browser)).hasSize(runsBefore);
        assertThat(ReceivedMail.to(smtp::getReceivedMessages, ON_CALL))
                .as("no mail was sent")
                .hasSize(mailsBefore);
        browser.screenshot("journey-7-failing-in-maintenance");

        browser.get("/");
        WebElement row = browser.find(By.id("monitor-" + monitorId));
        assertThat(row.getDomAttribute("data-status")).as("the status is held").isEqualTo("HEALTHY");
        assertThat(row.findElement(By.cssSelector(".badge.maintenance")).getText())
                .startsWith("maintenance until");
        browser.screenshot("journey-8-dashboard-maintenance");
    }

    private static void publishAStatusPageAndOpenItLoggedOut(Browser browser, long monitorId) {
        browser.get("/status-pages");
        browser.clickAndWait(By.linkText("New status page"));
        browser.type("title", "Checkout status").type("slug", "checkout").type("groups", "Shop");
        browser.type("placement-" + monitorId, "Shop");
        browser.find(By.id("published1")).click();
        browser.clickAndWait(By.cssSelector("#status-page-form button[type=submit]"));
        assertThat(browser.find(By.tagName("main")).getText()).contains("/status/checkout");

        browser.clickAndWait(By.cssSelector("form.logout button[type=submit]"));
        browser.get("/");
        assertThat(browser.currentPath()).as("logged out").startsWith("/login");

        browser.get("/status/checkout").waitForLoad();
        assertThat(browser.currentPath()).isEqualTo("/status/checkout");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Checkout status");
        assertThat(browser.find(By.tagName("main")).getText())
                .contains("Shop", "checkout", "Maintenance until")
                .doesNotContain(target.url());
        browser.screenshot("journey-9-public-status-page");
    }

    private static void awaitRowStatus(Browser browser, By row, String status) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(browser.find(row).getDomAttribute("data-status")));
    }

    /** Reloads the page until {@code shown} satisfies {@code done}, as a person pressing F5 would. */
    private static <T> void awaitOnReload(
            Browser browser, java.util.concurrent.Callable<T> shown, java.util.function.Predicate<T> done) {
        String path = browser.currentPath();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.get(path);
            return done.test(shown.call());
        });
    }

    /** The outcomes in the monitor page's reaction runs, newest first. */
    private static List<String> runsShown(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#runs tbody .outcome")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static long points(WebElement chart) {
        String points = chart.getDomAttribute("data-points");
        return points == null ? 0 : Long.parseLong(points);
    }

    private static void awaitMaintenanceMark(long monitorId) {
        RedisClient client = RedisClient.create(cloudroutes.redisUrl());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> redis.sync().exists(RedisKeys.maintenance(monitorId)) == 1);
        } finally {
            client.shutdown();
        }
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
