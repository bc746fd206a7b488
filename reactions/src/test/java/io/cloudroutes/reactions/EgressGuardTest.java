package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.egress.HostResolver;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.egress.testing.LoopbackListener;
import io.cloudroutes.core.egress.testing.StallingServer;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reaction type connects only through the egress guard: a target on loopback (by address, by a name that
 * resolves to loopback, or through an endpoint override) is refused with the guard's reason, as a final failure,
 * while a loopback listener records that nothing arrived. Also: a Unix socket path is refused unless the operator lists
 * it, CloudRoutes' own endpoints stay refused inside an allowed range, a redirect is never followed, a rebinding name
 * is connected to the address that was checked, and answers are read through a bounded stream. Email is exempt: the
 * SMTP server is the operator's. Every address here is in 127.0.0.0/8.
 */
class EgressGuardTest {

    private static final StatusChanged FAILURE = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "default",
            1_700_000_000_000L,
            1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Names the guard resolves in these tests; nothing else resolves. */
    private static final Map<String, List<InetAddress>> NAMES = Map.of(
            "loopback.test", List.of(LoopbackListener.loopback("127.0.0.1")),
            "elsewhere.test", List.of(LoopbackListener.loopback("127.0.0.2")));

    private static final HostResolver RESOLVER = name -> {
        List<InetAddress> addresses = NAMES.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name);
        }
        return addresses;
    };

    private static ReactionServices byDefault() {
        return TestServices.through(Egress.of(EgressPolicy.denyByDefault(), RESOLVER));
    }

    private static ReactionServices allowing(String ranges) {
        return TestServices.through(Egress.of(EgressPolicy.allowing(ranges, EgressPolicy.ALLOW_VARIABLE), RESOLVER));
    }

    private static ReactionResult run(String typeId, Map<String, String> settings, ReactionServices services) {
        ReactionType type = ReactionType.registry().find(typeId).orElseThrow();
        assertThat(type.validate(settings)).as("settings of %s", typeId).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), services)
                .run(FAILURE, TIMEOUT);
    }

    /** Settings of a reaction of {@code type} that reaches {@code host} on {@code port}. */
    private static Map<String, String> target(String type, String host, int port) {
        String base = "http://" + host + ":" + port;
        Map<String, String> settings = new HashMap<>();
        switch (type) {
            case "webhook", "http-request" -> settings.put("url", base + "/hook");
            case "slack" -> settings.put("webhookUrl", base + "/services/T000/B000/XXXX");
            case "pagerduty" ->
                settings.putAll(
                        Map.of("eventsUrl", base + "/v2/enqueue", "routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12"));
            case "cloudflare" ->
                settings.putAll(Map.of(
                        "apiToken",
                        "Zx8Jq2mVt0cF4LrN7pYw3sKd9HgB1aEu6TiO5nQy",
                        "zoneId",
                        "023e105f4ecef8ad9ca31a8372d0c353",
                        "recordName",
                        "www.example.com",
                        "failedContent",
                        "192.0.2.10",
                        "apiBaseUrl",
                        base + "/client/v4"));
            case "digitalocean" ->
                settings.putAll(Map.of("dropletId", "3164444", "token", "dop_v1_0123456789abcdef", "apiBaseUrl", base));
            case "route53" ->
                settings.putAll(Map.of(
                        "accessKeyId",
                        "AKIAIOSFODNN7EXAMPLE",
                        "secretAccessKey",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "hostedZoneId",
                        "Z1D633PJN98FT9",
                        "recordName",
                        "www.example.com",
                        "failoverValues",
                        "198.51.100.7",
                        "primaryValues",
                        "192.0.2.10",
                        "endpointOverride",
                        base));
            case "aws-ec2" ->
                settings.putAll(Map.of(
                        "instanceId",
                        "i-0f76fade435676abd",
                        "action",
                        "reboot",
                        "region",
                        "eu-west-1",
                        "accessKeyId",
                        "AKIAIOSFODNN7EXAMPLE",
                        "secretAccessKey",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "endpointOverride",
                        base));
            case "aws-elbv2" ->
                settings.putAll(Map.of(
                        "accessKeyId",
                        "AKIAIOSFODNN7EXAMPLE",
                        "secretAccessKey",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "region",
                        "eu-west-1",
                        "targetGroupArn",
                        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
                        "targetId",
                        "i-0f76fade435676abd",
                        "port",
                        "8080",
                        "endpointOverride",
                        base));
            case "haproxy" -> settings.putAll(Map.of("address", host + ":" + port, "backend", "web", "server", "a"));
            case "ssh-command" -> settings.putAll(ssh(host, port));
            case "rfc2136" ->
                settings.putAll(Map.of(
                        "server",
                        host + ":" + port,
                        "zone",
                        "example.test",
                        "recordName",
                        "www.example.test",
                        "ttl",
                        "30",
                        "failoverValues",
                        "198.51.100.7",
                        "primaryValues",
                        "192.0.2.10",
                        "tsigKeyName",
                        "cloudroutes",
                        "tsigSecret",
                        Base64.getEncoder().encodeToString(new byte[32])));
            default -> throw new IllegalArgumentException(type);
        }
        return settings;
    }

    private static Map<String, String> ssh(String host, int port) {
        try {
            KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            KeyPair server = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            ByteArrayOutputStream privateKey = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "cloudroutes-test", null, privateKey);
            return Map.of(
                    "host",
                    host,
                    "port",
                    String.valueOf(port),
                    "user",
                    "deploy",
                    "privateKey",
                    privateKey.toString(StandardCharsets.UTF_8),
                    "hostKey",
                    PublicKeyEntry.toString(server.getPublic()),
                    "command",
                    "systemctl restart web");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "webhook",
                "http-request",
                "slack",
                "pagerduty",
                "cloudflare",
                "digitalocean",
                "route53",
                "aws-ec2",
                "aws-elbv2",
                "haproxy",
                "ssh-command"
            })
    void aLoopbackTargetIsRefusedForGoodAndNothingReachesIt(String type) {
        try (LoopbackListener listener = LoopbackListener.tcp()) {
            ReactionResult result = run(type, target(type, "127.0.0.1", listener.port()), byDefault());

            assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(result.retryable()).isFalse();
            assertThat(result.output())
                    .contains("127.0.0.1:" + listener.port() + " refused by the egress policy"
                            + " (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aLoopbackDnsServerGetsNoUpdate() {
        try (LoopbackListener listener = LoopbackListener.udp()) {
            ReactionResult result = run("rfc2136", target("rfc2136", "127.0.0.1", listener.port()), byDefault());

            assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(result.retryable()).isFalse();
            assertThat(result.output())
                    .contains("127.0.0.1:" + listener.port() + " refused by the egress policy"
                            + " (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(listener.arrived()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "webhook",
                "http-request",
                "slack",
                "pagerduty",
                "cloudflare",
                "digitalocean",
                "route53",
                "aws-ec2",
                "aws-elbv2",
                "haproxy",
                "ssh-command"
            })
    void aNameThatResolvesToLoopbackIsRefusedAndNothingReachesIt(String type) {
        try (LoopbackListener listener = LoopbackListener.tcp()) {
            ReactionResult result = run(type, target(type, "loopback.test", listener.port()), byDefault());

            assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(result.output())
                    .contains("loopback.test:" + listener.port() + " (127.0.0.1) refused by the"
                            + " egress policy (loopback)");
            assertThat(listener.arrived()).isZero();
        }
    }

    @Test
    void aUnixSocketIsUsedOnlyWhenTheOperatorListsIt(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("admin.sock");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                while (server.isOpen()) {
                    try (SocketChannel ignored = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            Map<String, String> settings = Map.of("address", socket.toString(), "backend", "web", "server", "a");

            ReactionResult refused = run("haproxy", settings, allowing("127.0.0.0/8"));

            assertThat(refused.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(refused.retryable()).isFalse();
            assertThat(refused.output())
                    .endsWith(socket + " refused by the egress policy (a Unix socket on the host"
                            + " CloudRoutes runs on); add " + socket + " to CLOUDROUTES_EGRESS_ALLOW to allow it");
            assertThat(connections).hasValue(0);
        }
    }

    @Test
    void cloudRoutesOwnEndpointsStayRefusedInsideAnAllowedRange() {
        try (LoopbackListener ownRedis = LoopbackListener.tcp()) {
            Egress egress = Egress.of(
                    EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                    OwnEndpoint.fromUrl("CloudRoutes' own Redis", "redis://127.0.0.1:" + ownRedis.port()),
                    RESOLVER);

            ReactionResult result =
                    run("webhook", target("webhook", "127.0.0.1", ownRedis.port()), TestServices.through(egress));

            assertThat(result.output())
                    .isEqualTo("could not POST to http://127.0.0.1:" + ownRedis.port() + "/hook: "
                            + "127.0.0.1:" + ownRedis.port() + " refused by the egress policy (CloudRoutes' own Redis);"
                            + " CloudRoutes' own endpoints are never allowed");
            assertThat(ownRedis.arrived()).isZero();
        }
    }

    @Test
    void aRedirectToARefusedAddressIsAnAnswerNeverFollowed() throws IOException {
        try (LoopbackListener refused = LoopbackListener.tcp()) {
            HttpServer allowed = HttpServer.create(new InetSocketAddress(LoopbackListener.loopback("127.0.0.2"), 0), 0);
            allowed.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + refused.port() + "/hook");
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            allowed.start();
            try {
                ReactionResult result = run(
                        "webhook",
                        target("webhook", "127.0.0.2", allowed.getAddress().getPort()),
                        allowing("127.0.0.2/32"));

                assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
                assertThat(result.output()).startsWith("HTTP 307 from http://127.0.0.2:");
                assertThat(refused.arrived()).isZero();
            } finally {
                allowed.stop(0);
            }
        }
    }

    @Test
    void aRebindingNameIsConnectedToTheAddressThatWasCheckedOnly() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding =
                name -> List.of(LoopbackListener.loopback(lookups.incrementAndGet() == 1 ? "127.0.0.2" : "127.0.0.1"));
        HttpServer allowed = HttpServer.create(new InetSocketAddress(LoopbackListener.loopback("127.0.0.2"), 0), 0);
        AtomicInteger served = new AtomicInteger();
        allowed.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        allowed.start();
        int port = allowed.getAddress().getPort();
        try (LoopbackListener loopback = LoopbackListener.tcp(LoopbackListener.loopback("127.0.0.1"), port)) {
            Egress egress = Egress.of(EgressPolicy.allowing("127.0.0.2/32", EgressPolicy.ALLOW_VARIABLE), rebinding);

            ReactionResult result =
                    run("webhook", target("webhook", "rebind.test", port), TestServices.through(egress));

            assertThat(result.outcome()).as(result.output()).isEqualTo(ReactionOutcome.EXECUTED);
            assertThat(served).hasValue(1);
            assertThat(lookups).hasValue(1);
            assertThat(loopback.arrived()).isZero();
        } finally {
            allowed.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"webhook", "http-request", "slack", "pagerduty", "cloudflare", "digitalocean"})
    void anEndlessAnswerIsReadOnlyUpToTheLimitAndTheRunEndsWithAShortOutput(String type) throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n";
        try (StallingServer endless = new StallingServer(head, ReactionHttp.MAX_ANSWER_BYTES + 65_536)) {
            ReactionResult result = run(type, target(type, "127.0.0.1", endless.port()), allowing("127.0.0.0/8"));

            assertThat(result.output()).doesNotContain("within " + TIMEOUT.toMillis() + " ms");
            assertThat(result.output().length()).isLessThan(4_000);
        }
    }
}
