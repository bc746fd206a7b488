package io.cloudroutes.crweb.dashboard;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.RedisFuture;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The dashboard of a team with {@link #MONITORS} monitors, against a whole crweb on real embedded PostgreSQL and
 * Redis: the monitors are created through the bulk API with tags (a tenth {@code prod}, a fifth paused), each gets a
 * live state in Redis (a twentieth FAILED), and then the server time of dashboard pages (the first page, the failed
 * filter, a name search, a tag search, a late page; PostgreSQL, Redis and the sort, without the HTML rendering) and of
 * one tick of the live streams with {@link #WATCHERS} pages open is measured: medians of {@link #ROUNDS} after a
 * warm-up, on standard error. Not a test: see docs/benchmarks.md for how to run it.
 */
public final class DashboardBenchmark {

    private static final int MONITORS = 10_000;
    private static final int WARM_UP = 20;
    private static final int ROUNDS = 30;
    private static final int WATCHERS = 20;

    public static void main(String[] args) throws Exception {
        try (TestInfrastructure infrastructure = TestInfrastructure.start()) {
            Map<String, String> properties = new HashMap<>(infrastructure.properties());
            properties.put("spring.config.name", "crweb");
            properties.put("server.port", "0");
            properties.put("server.address", "127.0.0.1");
            properties.put("cloudroutes.quota.monitors", "0");
            properties.put("cloudroutes.dashboard.streams-per-person", String.valueOf(WATCHERS));
            // the benchmark's person logs in without a mailed link
            properties.put("cloudroutes.accounts.require-email-confirmation", "false");
            String[] arguments = properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (ConfigurableApplicationContext crweb =
                    new SpringApplicationBuilder(CrwebApplication.class).run(arguments)) {
                run(crweb);
            }
        }
    }

    private static void run(ConfigurableApplicationContext crweb) throws Exception {
        String password = "benchmark-" + UUID.randomUUID();
        UserAccount owner = crweb.getBean(UserAccountRepository.class)
                .save(new UserAccount(
                        "bench-" + UUID.randomUUID() + "@example.com",
                        crweb.getBean(PasswordEncoder.class).encode(password)));
        long teamId = crweb.getBean(TeamRepository.class).personalTeamIdOf(owner.getId());
        String key = SecretTokens.generate("crk_");
        crweb.getBean(ApiKeyRepository.class)
                .save(new ApiKey(teamId, owner.getId(), "bench", key.substring(0, 10), SecretTokens.hash(key)));
        int port = Integer.parseInt(crweb.getEnvironment().getProperty("local.server.port"));

        long start = System.nanoTime();
        createMonitors(port, key);
        System.err.printf("created %,d monitors in %.1f s%n", MONITORS, (System.nanoTime() - start) / 1e9);
        JdbcTemplate jdbc = crweb.getBean(JdbcTemplate.class);
        jdbc.update("update monitors set enabled = false where team_id = ? and id % 5 = 0", teamId);
        jdbc.execute("analyze monitors");
        List<Long> ids = jdbc.queryForList("select id from monitors where team_id = ?", Long.class, teamId);
        liveStates(crweb.getBean(LiveRedis.class), ids);

        Dashboard dashboard = crweb.getBean(Dashboard.class);
        Map<String, Dashboard.Query> pages = new java.util.LinkedHashMap<>();
        pages.put("first page (all, by status)", query(Optional.empty(), "", DashboardSort.STATUS, 1));
        pages.put("failed filter", query(Optional.of(DashboardStatus.FAILED), "", DashboardSort.STATUS, 1));
        pages.put("name search \"db 12\"", query(Optional.empty(), "db 12", DashboardSort.NAME, 1));
        pages.put("tag search tag:prod", query(Optional.empty(), "tag:prod", DashboardSort.STATUS, 1));
        pages.put("late page (150 of 200, by last change)", query(Optional.empty(), "", DashboardSort.CHANGED, 150));
        for (Map.Entry<String, Dashboard.Query> page : pages.entrySet()) {
            Dashboard.Page shown = dashboard.page(teamId, page.getValue());
            double median = median(() -> dashboard.page(teamId, page.getValue()));
            System.err.printf(
                    "%-42s %7.1f ms  (%,d found, %,d rows shown)%n",
                    page.getKey(), median, shown.found(), shown.entries().size());
        }

        // the whole request as a browser makes it: the session read, the access check, the page's data, its HTML
        HttpClient browser = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .build();
        logIn(browser, port, owner.getEmail(), password);
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        urls.put("first page (all, by status)", "/");
        urls.put("failed filter", "/?status=failed");
        urls.put("name search \"db 12\"", "/?q=db+12&sort=name");
        urls.put("tag search tag:prod", "/?q=tag%3Aprod");
        urls.put("late page (150 of 200, by last change)", "/?sort=changed&page=150");
        // what every page costs whatever it shows: a search that finds nothing, and the account's sessions page
        urls.put("a search that finds nothing", "/?q=no-such-monitor");
        urls.put("the sessions page (no monitors)", "/account/sessions");
        for (Map.Entry<String, String> url : urls.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url.getValue()))
                    .build();
            double median = median(() -> {
                try {
                    HttpResponse<String> answer = browser.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(url.getValue() + " answered " + answer.statusCode());
                    }
                    return answer.body().length();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            System.err.printf("GET %-38s %7.1f ms  (whole request, HTML included)%n", url.getValue(), median);
        }

        DashboardStreams streams = crweb.getBean(DashboardStreams.class);
        for (int i = 0; i < WATCHERS; i++) {
            streams.open(
                    owner.getId(), dashboard.page(teamId, query(Optional.empty(), "", DashboardSort.STATUS, i + 1)));
        }
        List<Double> ticks = new ArrayList<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            streams.tick();
            if (round >= WARM_UP) {
                ticks.add(streams.lastTick().nanos() / 1e6);
            }
        }
        System.err.printf(
                "stream tick, %d open pages watching %,d monitors: %.1f ms%n",
                streams.lastTick().watchers(), streams.lastTick().monitors(), median(ticks));
    }

    /** Logs in through the form, as a browser does: the CSRF token from the log-in page, then the post. */
    private static void logIn(HttpClient browser, int port, String email, String password) throws Exception {
        String base = "http://127.0.0.1:" + port;
        String form = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the log-in page");
        }
        String body = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 302
                || answer.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("log-in refused: " + answer.statusCode() + " "
                    + answer.headers().map());
        }
    }

    private static Dashboard.Query query(Optional<DashboardStatus> status, String q, DashboardSort sort, int page) {
        return new Dashboard.Query(status, q, sort, page);
    }

    private static void createMonitors(int port, String key) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI bulk = URI.create("http://127.0.0.1:" + port + "/api/v1/monitors/bulk");
        for (int first = 0; first < MONITORS; first += 1000) {
            int from = first;
            String body = IntStream.range(from, from + 1000)
                    .mapToObj(n -> """
                            {"name":"db %d","checkType":"tcp","intervalSeconds":60,"timeoutSeconds":5,"zones":["default"],
                             "tags":[%s],"settings":{"host":"db%d.internal","port":"5432"}}""".formatted(n, tags(n), n))
                    .collect(Collectors.joining(",", "[", "]"));
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(bulk)
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException(answer.statusCode() + " " + answer.body());
            }
        }
    }

    /** A tenth carry prod, the rest staging; every monitor also carries its region. */
    private static String tags(int n) {
        return Arrays.asList(n % 10 == 0 ? "\"prod\"" : "\"staging\"", "\"region-" + (n % 4) + "\"").stream()
                .collect(Collectors.joining(","));
    }

    /** A state for every monitor, as the actioner writes it: a twentieth FAILED, the rest HEALTHY. */
    private static void liveStates(LiveRedis redis, List<Long> ids) throws Exception {
        var async = redis.connection().async();
        List<RedisFuture<Long>> written = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (long id : ids) {
            written.add(async.hset(
                    RedisKeys.state(id),
                    Map.of(
                            RedisKeys.StateField.STATUS,
                            (id % 20 == 1 ? Status.FAILED : Status.HEALTHY).name(),
                            RedisKeys.StateField.SINCE,
                            String.valueOf(now - id * 1000))));
            if (written.size() == 200) { // in batches: each command's timeout runs from when it is sent
                awaitAll(written);
            }
        }
        awaitAll(written);
    }

    private static void awaitAll(List<RedisFuture<Long>> written) throws Exception {
        for (RedisFuture<Long> one : written) {
            one.get(30, TimeUnit.SECONDS);
        }
        written.clear();
    }

    private static double median(Supplier<?> page) {
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            long start = System.nanoTime();
            page.get();
            if (round >= WARM_UP) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return median(times);
    }

    private static double median(List<Double> times) {
        List<Double> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
