package io.cloudroutes.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.checks.dns.TestDnsServer;
import io.cloudroutes.checks.ping.PingCheckTypes;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.egress.HostResolver;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.egress.testing.LoopbackListener;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;

/**
 * Every check type connects only through the egress guard: a target on loopback is refused with the guard's reason
 * while a loopback listener records that nothing arrived; so is a name that resolves to loopback, a redirect to a
 * refused address, and CloudRoutes' own endpoints inside an allowed range; and a name whose answer changes between
 * lookups is connected to the address that was checked. Names are resolved by the test's own DNS server. Every
 * address here is in 127.0.0.0/8.
 */
class EgressGuardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TestDnsServer dns;
    private final PluginList types = new PluginList();

    EgressGuardTest() throws IOException {
        dns = new TestDnsServer();
    }

    /** The check types under test, closed after each test. */
    private static final class PluginList {
        private final Map<String, CheckType> byId = new HashMap<>();

        CheckType get(String id) {
            return byId.computeIfAbsent(id, i -> CheckType.registry().find(i).orElseThrow());
        }

        void close() {
            byId.values().forEach(CheckType::close);
        }
    }

    @BeforeEach
    void names() throws IOException {
        dns.answer(a("loopback.test.", "127.0.0.1"), a("elsewhere.test.", "127.0.0.2"));
    }

    @AfterEach
    void close() throws IOException {
        types.close();
        dns.close();
    }

    private static ARecord a(String name, String address) {
        try {
            return new ARecord(Name.fromString(name), 1, 60, LoopbackListener.loopback(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default policy (nothing opened) with the test's DNS server as the guard's resolver. */
    private CheckServices byDefault() {
        return services(EgressPolicy.denyByDefault());
    }

    private CheckServices allowing(String ranges) {
        return services(EgressPolicy.allowing(ranges, EgressPolicy.ALLOW_VARIABLE));
    }

    private CheckServices services(EgressPolicy policy) {
        return CheckServices.of(Egress.of(policy, dns.resolver()));
    }

    private CheckOutcome run(String type, CheckServices services, String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        PolledCheckType checkType = (PolledCheckType) types.get(type);
        assertThat(checkType.validate(values)).as("settings of %s", type).isEmpty();
        return checkType
                .create(Settings.withDefaults(checkType.settings(), values), services)
                .run(TIMEOUT);
    }

    /** Settings of a check of {@code type} against {@code host} on {@code port}. */
    private String[] target(String type, String host, int port) {
        return switch (type) {
            case "http" -> new String[] {"url", "http://" + host + ":" + port + "/health"};
            case "tcp", "tls-expiry" -> new String[] {"host", host, "port", String.valueOf(port)};
            case "postgres" ->
                new String[] {
                    "host",
                    host,
                    "port",
                    String.valueOf(port),
                    "database",
                    "shop",
                    "user",
                    "monitor",
                    "password",
                    "secret"
                };
            case "redis" -> new String[] {"host", host, "port", String.valueOf(port)};
            case "dns" -> new String[] {"name", "example.com", "resolver", host + ":" + port};
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "tcp", "tls-expiry", "postgres", "redis"})
    void aLoopbackTargetIsRefusedAndNothingReachesIt(String type) {
        try (LoopbackListener listener = LoopbackListener.tcp()) {
            CheckOutcome outcome = run(type, byDefault(), target(type, "127.0.0.1", listener.port()));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("127.0.0.1:" + listener.port() + " refused by the egress policy"
                            + " (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aLoopbackResolverIsRefusedAndNoQueryReachesIt() {
        try (LoopbackListener listener = LoopbackListener.udp()) {
            CheckOutcome outcome = run("dns", byDefault(), target("dns", "127.0.0.1", listener.port()));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("127.0.0.1:" + listener.port() + " refused by the egress policy"
                            + " (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aLoopbackHostIsNeverPinged(@TempDir Path dir) {
        Path ran = dir.resolve("ran");
        CheckOutcome outcome = ping(ran, byDefault(), "127.0.0.1");

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("127.0.0.1 refused by the egress policy (loopback); set"
                        + " CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
        assertThat(ran).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "::ffff:127.0.0.1", "64:ff9b::7f00:1"})
    void everySpellingOfALoopbackHostIsRefusedBeforePingRuns(String spelling, @TempDir Path dir) {
        Path ran = dir.resolve("ran");

        CheckOutcome refused = ping(ran, byDefault(), spelling);

        assertThat(refused.reason()).contains("refused by the egress policy (loopback");
        assertThat(ran).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "::ffff:127.0.0.1"})
    void pingGetsTheCheckedAddressNeverTheSpellingTyped(String spelling, @TempDir Path dir) throws IOException {
        Path ran = dir.resolve("ran");

        CheckOutcome allowed = ping(ran, allowing("127.0.0.0/8"), spelling);

        assertThat(allowed.status()).as(allowed.reason()).isEqualTo(Status.HEALTHY);
        assertThat(Files.readAllLines(ran)).last().isEqualTo("127.0.0.1");
    }

    @Test
    void aPingedNameIsLookedUpOnceAndPingedByItsCheckedAddress(@TempDir Path dir) throws IOException {
        Path ran = dir.resolve("ran");

        CheckOutcome outcome = ping(ran, allowing("127.0.0.2/32"), "elsewhere.test");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
        assertThat(Files.readAllLines(ran)).last().isEqualTo("127.0.0.2");
        assertThat(dns.queriesFor(Name.fromString("elsewhere.test."))).isEqualTo(1);
    }

    /** Runs a ping check whose ping writes its arguments to {@code ran} before it pings. */
    private CheckOutcome ping(Path ran, CheckServices services, String host) {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping")),
                "needs ping (.ci/install-test-tools)");
        PolledCheckType type = new PingCheckTypes().recording(ran);
        Map<String, String> settings = Map.of("host", host, "count", "1");
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), services)
                .run(TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "tcp", "tls-expiry", "postgres", "redis"})
    void aNameThatResolvesToLoopbackIsRefusedAndNothingReachesIt(String type) {
        try (LoopbackListener listener = LoopbackListener.tcp()) {
            CheckOutcome outcome = run(type, byDefault(), target(type, "loopback.test", listener.port()));

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("loopback.test:" + listener.port() + " (127.0.0.1) refused by the"
                            + " egress policy (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aResolverNamedByANameThatResolvesToLoopbackIsRefused() {
        try (LoopbackListener listener = LoopbackListener.udp()) {
            CheckOutcome outcome = run("dns", byDefault(), target("dns", "loopback.test", listener.port()));

            assertThat(outcome.reason())
                    .isEqualTo("loopback.test:" + listener.port() + " (127.0.0.1) refused by the"
                            + " egress policy (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aRedirectFromAnAllowedServerToARefusedAddressIsNotFollowed() throws IOException {
        try (LoopbackListener refused = LoopbackListener.tcp()) {
            HttpServer allowed = server("127.0.0.2", 0);
            int port = allowed.getAddress().getPort();
            allowed.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + refused.port() + "/secrets");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            try {
                CheckOutcome outcome = run("http", allowing("127.0.0.2/32"), "url", "http://127.0.0.2:" + port + "/");

                assertThat(outcome.status()).isEqualTo(Status.FAILED);
                assertThat(outcome.reason())
                        .isEqualTo("127.0.0.1:" + refused.port() + " refused by the egress policy"
                                + " (loopback); add 127.0.0.0/8 to CLOUDROUTES_EGRESS_ALLOW to allow it (a redirect from"
                                + " http://127.0.0.2:" + port + "/ led there)");
                assertThat(refused.arrived()).isZero();
            } finally {
                allowed.stop(0);
            }
        }
    }

    @Test
    void aRedirectToANameThatResolvesToARefusedAddressIsNotFollowed() throws IOException {
        try (LoopbackListener refused = LoopbackListener.tcp()) {
            HttpServer allowed = server("127.0.0.2", 0);
            allowed.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Location", "http://loopback.test:" + refused.port() + "/");
                exchange.sendResponseHeaders(301, -1);
                exchange.close();
            });
            try {
                CheckOutcome outcome = run(
                        "http",
                        allowing("127.0.0.2/32"),
                        "url",
                        "http://elsewhere.test:" + allowed.getAddress().getPort() + "/");

                assertThat(outcome.reason())
                        .startsWith("loopback.test:" + refused.port() + " (127.0.0.1) refused by"
                                + " the egress policy (loopback)");
                assertThat(refused.arrived()).isZero();
            } finally {
                allowed.stop(0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "tcp"})
    void aRebindingNameIsConnectedToTheAddressThatWasCheckedOnly(String type) throws IOException {
        // the first answer is allowed, every later one is loopback: a second lookup would reach 127.0.0.1
        dns.rebinding(a("rebind.test.", "127.0.0.2"), a("rebind.test.", "127.0.0.1"));
        AtomicInteger served = new AtomicInteger();
        HttpServer allowed = null;
        LoopbackListener refused = null;
        for (int attempt = 0; refused == null; attempt++) {
            allowed = server("127.0.0.2", 0);
            try {
                refused = LoopbackListener.tcp(
                        LoopbackListener.loopback("127.0.0.1"),
                        allowed.getAddress().getPort());
            } catch (UncheckedIOException taken) {
                allowed.stop(0);
                if (!(taken.getCause() instanceof BindException) || attempt == 20) {
                    throw taken;
                }
            }
        }
        allowed.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try (LoopbackListener loopback = refused) {
            CheckOutcome outcome = run(
                    type,
                    allowing("127.0.0.2/32"),
                    target(type, "rebind.test", allowed.getAddress().getPort()));

            assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
            assertThat(loopback.arrived()).isZero();
            assertThat(dns.queriesFor(Name.fromString("rebind.test."))).isEqualTo(1);
            assertThat(served.get()).isEqualTo(type.equals("http") ? 1 : 0);
        } finally {
            allowed.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "tcp", "redis", "postgres"})
    void cloudRoutesOwnEndpointsStayRefusedInsideAnAllowedRange(String type) {
        try (LoopbackListener ownRedis = LoopbackListener.tcp();
                LoopbackListener other = LoopbackListener.tcp()) {
            List<OwnEndpoint> own =
                    OwnEndpoint.fromUrl("CloudRoutes' own Redis", "redis://127.0.0.1:" + ownRedis.port());
            HostResolver resolver = dns.resolver();
            CheckServices services = CheckServices.of(
                    Egress.of(EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE), own, resolver));

            CheckOutcome refused = run(type, services, target(type, "127.0.0.1", ownRedis.port()));
            CheckOutcome allowed = run(type, services, target(type, "127.0.0.1", other.port()));

            assertThat(refused.reason())
                    .isEqualTo("127.0.0.1:" + ownRedis.port() + " refused by the egress policy"
                            + " (CloudRoutes' own Redis); CloudRoutes' own endpoints are never allowed");
            assertThat(ownRedis.arrived()).isZero();
            assertThat(allowed.reason()).doesNotContain("egress policy");
            await().untilAsserted(() -> assertThat(other.arrived()).isPositive());
        }
    }

    private static HttpServer server(String address, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(LoopbackListener.loopback(address), port), 0);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
