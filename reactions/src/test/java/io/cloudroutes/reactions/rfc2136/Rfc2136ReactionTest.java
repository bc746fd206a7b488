package io.cloudroutes.reactions.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.TestServices;
import io.cloudroutes.reactions.testing.BindServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class Rfc2136ReactionTest {

    private static BindServer bind;

    private final Rfc2136ReactionType type = new Rfc2136ReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "eu-west",
            1_700_000_000_000L,
            1);
    private final StatusChanged recovery = new StatusChanged(
            12, "checkout-api", Status.FAILED, Status.HEALTHY, "HTTP 200 in 12 ms", "eu-west", 1_700_000_060_000L, 1);

    @BeforeAll
    static void startBind() throws IOException {
        bind = BindServer.start(
                "www 60 IN A 192.0.2.10",
                "www 60 IN A 192.0.2.11",
                "alias 60 IN CNAME lb-1.example.test.",
                "note 60 IN TXT \"primary\"",
                "keep 60 IN A 192.0.2.99");
    }

    @AfterAll
    static void stopBind() {
        bind.close();
    }

    private Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put("server", bind.address());
        settings.put("zone", BindServer.ZONE);
        settings.put("recordName", name);
        settings.put("ttl", "30");
        settings.put("failoverValues", "198.51.100.7\n198.51.100.8");
        settings.put("primaryValues", "192.0.2.10\n192.0.2.11");
        settings.put("tsigKeyName", BindServer.KEY_NAME);
        settings.put("tsigSecret", bind.keySecret());
        return settings;
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    @Test
    void replacesTheRecordSetWithTheFailoverValuesAndRestoresThePrimaryValues() throws IOException {
        Reaction reaction = reaction(settings("www.example.test"));

        ReactionResult failover = reaction.run(failure, Duration.ofSeconds(10));

        assertThat(failover)
                .isEqualTo(ReactionResult.executed("NOERROR from " + bind.address() + " over TCP: replaced "
                        + "www.example.test. A with the values while FAILED: 198.51.100.7, 198.51.100.8 (TTL 30) in zone "
                        + "example.test."));
        assertThat(bind.query("www.example.test", Type.A)).containsExactly("198.51.100.7", "198.51.100.8");
        assertThat(bind.ttl("www.example.test", Type.A)).isEqualTo(30);

        ReactionResult restore = reaction.run(recovery, Duration.ofSeconds(10));

        assertThat(restore)
                .isEqualTo(ReactionResult.executed("NOERROR from " + bind.address() + " over TCP: replaced "
                        + "www.example.test. A with the values while HEALTHY: 192.0.2.10, 192.0.2.11 (TTL 30) in zone "
                        + "example.test."));
        assertThat(bind.query("www.example.test", Type.A)).containsExactly("192.0.2.10", "192.0.2.11");
        // a second restore changes nothing and still succeeds
        assertThat(reaction.run(recovery, Duration.ofSeconds(10)).outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(bind.query("www.example.test", Type.A)).containsExactly("192.0.2.10", "192.0.2.11");
    }

    @Test
    void switchesACnameOverUdp() throws IOException {
        Map<String, String> settings = settings("alias.example.test.");
        settings.put("recordType", "CNAME");
        settings.put("protocol", "udp");
        settings.put("failoverValues", "standby.example.net");
        settings.put("primaryValues", "lb-1.example.test.");
        Reaction reaction = reaction(settings);

        assertThat(reaction.run(failure, Duration.ofSeconds(10)).output())
                .startsWith("NOERROR from " + bind.address() + " over UDP: replaced alias.example.test. CNAME");
        assertThat(bind.query("alias.example.test", Type.CNAME)).containsExactly("standby.example.net.");
        reaction.run(recovery, Duration.ofSeconds(10));
        assertThat(bind.query("alias.example.test", Type.CNAME)).containsExactly("lb-1.example.test.");
    }

    @Test
    void setsTxtRecordsVerbatim() throws IOException {
        Map<String, String> settings = settings("note.example.test");
        settings.put("recordType", "TXT");
        settings.put("failoverValues", "standby site active; see status page");
        settings.put("primaryValues", "primary");
        reaction(settings).run(failure, Duration.ofSeconds(10));
        assertThat(bind.query("note.example.test", Type.TXT))
                .containsExactly("\"standby site active; see status page\"");
    }

    @Test
    void anUnknownKeyIsNotAuthorizedAndChangesNothing() throws IOException {
        Map<String, String> settings = settings("keep.example.test");
        settings.put("tsigKeyName", "nobody");

        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));

        assertThat(result)
                .isEqualTo(ReactionResult.failed("NOTAUTH from " + bind.address() + " over TCP: TSIG BADKEY: "
                        + "the server does not know key nobody. (hmac-sha256); check the key name and algorithm"));
        assertThat(bind.query("keep.example.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void theWrongAlgorithmIsABadKey() {
        Map<String, String> settings = settings("keep.example.test");
        settings.put("tsigAlgorithm", "hmac-sha512");
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("NOTAUTH from " + bind.address() + " over TCP: TSIG BADKEY: the server "
                        + "does not know key cloudroutes. (hmac-sha512); check the key name and algorithm");
    }

    @Test
    void aWrongSecretIsABadSignature() throws IOException {
        Map<String, String> settings = settings("keep.example.test");
        settings.put("tsigSecret", bind.readOnlySecret());

        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));

        assertThat(result)
                .isEqualTo(
                        ReactionResult.failed(
                                "NOTAUTH from " + bind.address() + " over TCP: TSIG BADSIG: "
                                        + "the signature with key cloudroutes. (hmac-sha256) is wrong; the secret differs from the server's"));
        assertThat(bind.query("keep.example.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void aKeyNotAllowedToUpdateIsRefused() throws IOException {
        Map<String, String> settings = settings("keep.example.test");
        settings.put("tsigKeyName", BindServer.READ_ONLY_KEY);
        settings.put("tsigSecret", bind.readOnlySecret());

        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));

        assertThat(result)
                .isEqualTo(ReactionResult.failed("REFUSED from " + bind.address() + " over TCP: the server "
                        + "does not let key readonly. (hmac-sha256) update zone example.test. (check allow-update or "
                        + "update-policy)"));
        assertThat(bind.query("keep.example.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void aZoneTheServerDoesNotServeIsNotAuthoritative() {
        Map<String, String> settings = settings("www.other.test");
        settings.put("zone", "other.test");
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));
        assertThat(result)
                .isEqualTo(ReactionResult.failed("NOTAUTH from " + bind.address() + " over TCP: the server is "
                        + "not authoritative for zone other.test."));
    }

    @Test
    void aZoneThatFailedToLoadIsRetried() {
        Map<String, String> settings = settings("www.broken.test");
        settings.put("zone", BindServer.BROKEN_ZONE);
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(10));
        assertThat(result)
                .isEqualTo(
                        ReactionResult.retryable(
                                "SERVFAIL from " + bind.address() + " over TCP: the "
                                        + "server could not apply the update to www.broken.test. A now (is zone broken.test. loaded?)"));
    }

    @Test
    void aServerThatDoesNotAnswerIsRetried() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = settings("www.example.test");
            settings.put("server", "127.0.0.1:" + silent.getLocalPort());
            settings.put("protocol", "udp");
            ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(1));
            assertThat(result)
                    .isEqualTo(ReactionResult.retryable(
                            "no answer from 127.0.0.1:" + silent.getLocalPort() + " over UDP within 1000 ms"));
        }
    }

    @Test
    void aServerThatRefusesTheConnectionIsRetried() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = settings("www.example.test");
        settings.put("server", "127.0.0.1:" + closed);
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));
        assertThat(result.retryable()).isTrue();
        assertThat(result.output()).startsWith("could not send the update to 127.0.0.1:" + closed + " over TCP: ");
    }

    @Test
    void dryRunDescribesTheUpdateWithTheSecretMasked() {
        Reaction reaction = reaction(settings("www.example.test"));
        assertThat(reaction.dryRun(failure))
                .contains("DNS UPDATE to " + bind.address() + " over TCP, signed with TSIG "
                        + "key cloudroutes. (hmac-sha256), secret ****\n"
                        + "zone: example.test. IN SOA\n"
                        + "delete: www.example.test. A (the whole record set)\n"
                        + "add: www.example.test. 30 IN A 198.51.100.7\n"
                        + "add: www.example.test. 30 IN A 198.51.100.8\n");
        assertThat(reaction.dryRun(recovery).orElseThrow())
                .endsWith("add: www.example.test. 30 IN A 192.0.2.11\n")
                .doesNotContain(bind.keySecret());
    }

    @Test
    void rejectsBadSettingsFieldByField() {
        Map<String, String> settings = settings("www.example.org");
        settings.put("server", "ns1.example.test:99999");
        settings.put("tsigSecret", "not base64!");
        settings.put("tsigAlgorithm", "hmac-md5");
        Map<String, String> errors = type.validate(settings);
        assertThat(errors).containsOnlyKeys("server", "recordName", "tsigSecret", "tsigAlgorithm");
        assertThat(errors.get("recordName"))
                .isEqualTo("Record name must be inside the zone example.test, e.g. " + "www.example.test");
        assertThat(errors.get("tsigAlgorithm"))
                .isEqualTo("TSIG algorithm must be one of hmac-sha256, hmac-sha512, " + "hmac-sha1");

        settings = settings("www.example.test");
        settings.put("recordType", "AAAA");
        assertThat(type.validate(settings))
                .containsOnly(
                        Map.entry(
                                "failoverValues",
                                "Values while FAILED: line 1 '198.51.100.7' is not an IPv6 address, e.g. "
                                        + "2001:db8::10"),
                        Map.entry(
                                "primaryValues",
                                "Values while HEALTHY: line 1 '192.0.2.10' is not an IPv6 address, e.g. "
                                        + "2001:db8::10"));
        settings.put("server", "[2001:db8::53]:5353");
        settings.put("failoverValues", "2001:db8::7");
        settings.put("primaryValues", "2001:db8::10");
        assertThat(type.validate(settings)).isEmpty();
    }

    @Test
    void isARegisteredRestoringTypeWithTheSecretMarked() {
        assertThat(type.restoresOnRecovery()).isTrue();
        assertThat(ReactionType.registry().find("rfc2136")).containsInstanceOf(Rfc2136ReactionType.class);
        assertThat(type.settings().stream().filter(s -> s.secret()).map(s -> s.name()))
                .containsExactly("tsigSecret");
    }
}
