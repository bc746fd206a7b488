package io.cloudroutes.reactions.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudflareReactionTest {

    private static final String LIST =
            "GET /client/v4/zones/" + FakeCloudflare.ZONE + "/dns_records?type=A&name=www.example.com";

    private final CloudflareReactionType type = new CloudflareReactionType();
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
    private FakeCloudflare cloudflare;

    @BeforeEach
    void start() throws IOException {
        cloudflare = new FakeCloudflare();
    }

    @AfterEach
    void stop() {
        cloudflare.close();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("apiToken", FakeCloudflare.TOKEN);
        settings.put("zoneId", FakeCloudflare.ZONE);
        settings.put("recordName", "www.example.com");
        settings.put("failedContent", "192.0.2.10");
        settings.put("apiBaseUrl", cloudflare.baseUrl());
        return settings;
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    @Test
    void deletesTheFailedSitesRecordWhileAnotherAnswersAndRecreatesItOnRecovery() {
        String failedId = cloudflare.add("www.example.com", "A", "192.0.2.10");
        cloudflare.add("www.example.com", "A", "198.51.100.7");
        cloudflare.add("www.example.com", "AAAA", "2001:db8::10");
        Reaction reaction = reaction(settings());

        ReactionResult failover = reaction.run(failure, Duration.ofSeconds(5));

        assertThat(failover)
                .isEqualTo(ReactionResult.executed("deleted www.example.com A 192.0.2.10 (record " + failedId
                        + ") from zone " + FakeCloudflare.ZONE + "; the name answers 198.51.100.7"));
        assertThat(cloudflare.records())
                .containsExactly(
                        "www.example.com A 198.51.100.7 ttl=1 proxied=false",
                        "www.example.com AAAA 2001:db8::10 ttl=1 proxied=false");
        assertThat(cloudflare.requests)
                .containsExactly(LIST, "DELETE /client/v4/zones/" + FakeCloudflare.ZONE + "/dns_records/" + failedId);

        cloudflare.requests.clear();
        ReactionResult restore = reaction.run(recovery, Duration.ofSeconds(5));

        assertThat(restore.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(restore.output())
                .matches("created www.example.com A 192.0.2.10 \\(TTL auto, not proxied\\) as "
                        + "record [0-9a-f]{32} in zone " + FakeCloudflare.ZONE);
        assertThat(cloudflare.records())
                .containsExactly(
                        "www.example.com A 198.51.100.7 ttl=1 proxied=false",
                        "www.example.com AAAA 2001:db8::10 ttl=1 proxied=false",
                        "www.example.com A 192.0.2.10 ttl=1 proxied=false");
        assertThat(cloudflare.requests)
                .containsExactly(
                        LIST,
                        "POST /client/v4/zones/" + FakeCloudflare.ZONE
                                + "/dns_records\n{\"type\":\"A\",\"name\":\"www.example.com\",\"content\":\"192.0.2.10\",\"ttl\":1,"
                                + "\"proxied\":false}");
    }

    @Test
    void recreatesWithTheConfiguredTtlAndProxyAndMatchesAaaaContentInAnySpelling() {
        cloudflare.add("www.example.com", "AAAA", "2001:db8::7");
        Map<String, String> settings = settings();
        settings.put("recordType", "AAAA");
        settings.put("failedContent", "2001:DB8:0:0::10");
        settings.put("ttl", "300");
        settings.put("proxied", "true");
        Reaction reaction = reaction(settings);

        assertThat(reaction.run(recovery, Duration.ofSeconds(5)).output())
                .startsWith("created www.example.com AAAA 2001:DB8:0:0::10 (TTL 300, proxied) as record ");
        cloudflare.requests.clear();
        // Cloudflare stores the address as given; a second failover finds it whatever its spelling
        ReactionResult failover = reaction.run(failure, Duration.ofSeconds(5));
        assertThat(failover.output()).startsWith("deleted www.example.com AAAA 2001:DB8:0:0::10 (record ");
        assertThat(cloudflare.records()).containsExactly("www.example.com AAAA 2001:db8::7 ttl=1 proxied=false");
    }

    @Test
    void neverDeletesTheLastRecordOfTheName() {
        cloudflare.add("www.example.com", "A", "192.0.2.10");
        cloudflare.add("www.example.com", "AAAA", "2001:db8::10");

        ReactionResult result = reaction(settings()).run(failure, Duration.ofSeconds(5));

        assertThat(result)
                .isEqualTo(ReactionResult.failed("refusing to delete www.example.com A 192.0.2.10: it is "
                        + "the last A record of www.example.com and the name would have no answer; add a record for a standby "
                        + "site to the zone first"));
        assertThat(cloudflare.records()).hasSize(2);
        assertThat(cloudflare.requests).containsExactly(LIST);
    }

    @Test
    void bothSidesAreIdempotent() {
        String present = cloudflare.add("www.example.com", "A", "192.0.2.10");
        cloudflare.add("www.example.com", "A", "198.51.100.7");
        Reaction reaction = reaction(settings());

        assertThat(reaction.run(recovery, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.executed("www.example.com A 192.0.2.10 is already present in zone "
                        + FakeCloudflare.ZONE + " (record " + present + "); nothing to do"));
        reaction.run(failure, Duration.ofSeconds(5));
        assertThat(reaction.run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.executed("www.example.com A 192.0.2.10 is already absent from zone "
                        + FakeCloudflare.ZONE + "; the name answers 198.51.100.7"));
        assertThat(cloudflare.records()).containsExactly("www.example.com A 198.51.100.7 ttl=1 proxied=false");
        assertThat(cloudflare.requests).filteredOn(r -> !r.startsWith("GET")).hasSize(1);
    }

    @Test
    void aBadTokenFailsForGood() {
        cloudflare.add("www.example.com", "A", "192.0.2.10");
        Map<String, String> settings = settings();
        settings.put("apiToken", "expired-token");

        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));

        assertThat(result)
                .isEqualTo(ReactionResult.failed("Cloudflare answered HTTP 403 to GET " + cloudflare.baseUrl()
                        + "/zones/" + FakeCloudflare.ZONE
                        + "/dns_records?type=A&name=www.example.com: 10000 Authentication "
                        + "error; check the API token and that it may edit DNS in zone " + FakeCloudflare.ZONE));
        assertThat(cloudflare.records()).hasSize(1);
    }

    @Test
    void anUnknownZoneFailsForGood() {
        Map<String, String> settings = settings();
        settings.put("zoneId", "ffffffffffffffffffffffffffffffff");
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .endsWith(": 7003 Could not route to /zones/ffffffffffffffffffffffffffffffff/"
                        + "dns_records, perhaps your object identifier is invalid?");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() {
        cloudflare.forcedStatus = 429;
        cloudflare.forcedBody = "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait and consider "
                + "throttling your request speed\"}],\"messages\":[],\"result\":null}";
        ReactionResult limited = reaction(settings()).run(failure, Duration.ofSeconds(5));
        assertThat(limited)
                .isEqualTo(ReactionResult.retryable("Cloudflare answered HTTP 429 to GET "
                        + cloudflare.baseUrl() + "/zones/" + FakeCloudflare.ZONE
                        + "/dns_records?type=A&name=www.example.com: "
                        + "971 Please wait and consider throttling your request speed"));

        cloudflare.forcedStatus = 502;
        cloudflare.forcedBody = "<html><head><title>502 Bad Gateway</title></head></html>";
        ReactionResult badGateway = reaction(settings()).run(recovery, Duration.ofSeconds(5));
        assertThat(badGateway.retryable()).isTrue();
        assertThat(badGateway.output()).endsWith(": <html><head><title>502 Bad Gateway</title></head></html>");
    }

    @Test
    void anUnreachableApiIsRetried() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = settings();
        settings.put("apiBaseUrl", "http://127.0.0.1:" + closed + "/client/v4");
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));
        assertThat(result.retryable()).isTrue();
        assertThat(result.output()).startsWith("could not reach Cloudflare for GET http://127.0.0.1:" + closed);
    }

    @Test
    void noAnswerWithinTheDeadlineIsRetried() throws IOException {
        // a listening socket nobody accepts from: the connection opens, the request is never answered
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = settings();
            settings.put("apiBaseUrl", "http://127.0.0.1:" + silent.getLocalPort() + "/client/v4");
            ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(1));
            assertThat(result.retryable()).isTrue();
            assertThat(result.output())
                    .matches("no answer to GET http://127\\.0\\.0\\.1:" + silent.getLocalPort()
                            + "/client/v4/zones/" + FakeCloudflare.ZONE
                            + "/dns_records\\?type=A&name=www\\.example\\.com "
                            + "within \\d+ ms");
        }
    }

    @Test
    void dryRunsDescribeTheRequestsWithTheTokenMaskedAndSendNothing() {
        Reaction reaction = reaction(settings());
        String zone = cloudflare.baseUrl() + "/zones/" + FakeCloudflare.ZONE + "/dns_records";

        assertThat(reaction.dryRun(failure))
                .contains("GET " + zone + "?type=A&name=www.example.com\n"
                        + "Authorization: Bearer ****\n\n"
                        + "then, for each listed record with content 192.0.2.10, unless no other A record of www.example.com "
                        + "remains:\nDELETE " + zone + "/{record id}\nAuthorization: Bearer ****\n");
        assertThat(reaction.dryRun(recovery))
                .contains(
                        "GET " + zone + "?type=A&name=www.example.com\n"
                                + "Authorization: Bearer ****\n\n"
                                + "then, unless a listed record has content 192.0.2.10:\nPOST " + zone + "\n"
                                + "Authorization: Bearer ****\nContent-Type: application/json\n\n"
                                + "{\"type\":\"A\",\"name\":\"www.example.com\",\"content\":\"192.0.2.10\",\"ttl\":1,\"proxied\":false}");
        assertThat(cloudflare.requests).isEmpty();
    }

    @Test
    void rejectsBadSettingsFieldByField() {
        Map<String, String> settings = settings();
        settings.put("zoneId", "example.com");
        settings.put("recordType", "AAAA");
        settings.put("ttl", "10");
        settings.put("proxied", "yes");
        Map<String, String> errors = type.validate(settings);
        assertThat(errors)
                .containsOnly(
                        Map.entry(
                                "zoneId",
                                "Zone ID must be 32 hexadecimal characters, e.g. 023e105f4ecef8ad9ca31a8372d0c353"),
                        Map.entry(
                                "failedContent",
                                "Content of the failed site's record: line 1 '192.0.2.10' is not an IPv6 "
                                        + "address, e.g. 2001:db8::10"),
                        Map.entry("ttl", "TTL must be 1 (automatic) or between 30 and 86400 seconds"),
                        Map.entry("proxied", "Proxied when re-created must be true or false"));
        assertThat(type.validate(Map.of())).containsOnlyKeys("apiToken", "zoneId", "recordName", "failedContent");
    }

    @Test
    void isARegisteredRestoringTypeWithTheTokenSecret() {
        assertThat(type.restoresOnRecovery()).isTrue();
        assertThat(ReactionType.registry().find("cloudflare")).containsInstanceOf(CloudflareReactionType.class);
        assertThat(type.settings().stream().filter(s -> s.secret()).map(s -> s.name()))
                .containsExactly("apiToken");
    }
}
