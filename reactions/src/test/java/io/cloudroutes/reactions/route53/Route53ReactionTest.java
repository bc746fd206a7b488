package io.cloudroutes.reactions.route53;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Route53ReactionTest {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String OK = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo>"
            + "<Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status>"
            + "<SubmittedAt>2026-11-25T20:00:00.000Z</SubmittedAt>"
            + "<Comment>CloudRoutes: monitor checkout-api is FAILED</Comment></ChangeInfo>"
            + "</ChangeResourceRecordSetsResponse>";

    private final Route53ReactionType type = new Route53ReactionType();
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

    /** What the fake Route 53 received, one entry per request. */
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int answerStatus = 200;
    private volatile String answerBody = OK;
    private volatile boolean hang;
    private HttpServer server;
    private ExecutorService executor;

    record Received(String method, String path, String authorization, String contentType, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            if (hang) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "7f1f2b4c-0000-4000-8000-000000000001");
            exchange.sendResponseHeaders(answerStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        settings.put("secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        settings.put("hostedZoneId", "Z1D633PJN98FT9");
        settings.put("recordName", "www.example.com");
        settings.put("failoverValues", "198.51.100.7\n198.51.100.8\n");
        settings.put("primaryValues", "192.0.2.10");
        settings.put("endpointOverride", endpoint());
        return settings;
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private static String errorResponse(String code, String message) {
        return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>7f1f2b4c-0000-4000-8000-000000000002</RequestId></ErrorResponse>";
    }

    private static String changeBody(String comment, String type, String ttl, String... values) {
        StringBuilder records = new StringBuilder();
        for (String value : values) {
            records.append("<ResourceRecord><Value>").append(value).append("</Value></ResourceRecord>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsRequest xmlns=\"" + NS + "\">"
                + "<ChangeBatch><Comment>" + comment + "</Comment><Changes><Change><Action>UPSERT</Action>"
                + "<ResourceRecordSet><Name>www.example.com.</Name><Type>" + type + "</Type><TTL>" + ttl + "</TTL>"
                + "<ResourceRecords>" + records + "</ResourceRecords></ResourceRecordSet></Change></Changes>"
                + "</ChangeBatch></ChangeResourceRecordSetsRequest>";
    }

    @Test
    void upsertsTheFailoverValuesSignedWithTheAccessKeyWhenTheMonitorFails() {
        ReactionResult result = reaction(settings()).run(failure, Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("set www.example.com. A (TTL 60) to the values while FAILED: "
                        + "198.51.100.7, 198.51.100.8 in hosted zone Z1D633PJN98FT9\n"
                        + "change C2682N5HXP0BZ4 is PENDING (submitted 2026-11-25T20:00:00Z)");
        assertThat(received).hasSize(1);
        Received request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/");
        assertThat(request.authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
                .contains("/us-east-1/route53/aws4_request")
                .containsPattern("Signature=[0-9a-f]{64}$")
                .doesNotContain("wJalrXUtnFEMI");
        assertThat(request.body())
                .isEqualTo(changeBody(
                        "CloudRoutes: monitor checkout-api is FAILED", "A", "60", "198.51.100.7", "198.51.100.8"));
    }

    @Test
    void upsertsThePrimaryValuesAgainWhenTheMonitorRecovers() {
        answerBody = OK.replace("PENDING", "INSYNC");
        Map<String, String> settings = settings();
        settings.put("recordType", "CNAME");
        settings.put("ttl", "30");
        settings.put("failoverValues", "standby.example.net");
        settings.put("primaryValues", "lb-1.example.com");

        ReactionResult result = reaction(settings).run(recovery, Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("set www.example.com. CNAME (TTL 30) to the values while HEALTHY: "
                        + "lb-1.example.com in hosted zone Z1D633PJN98FT9\n"
                        + "change C2682N5HXP0BZ4 is INSYNC (submitted 2026-11-25T20:00:00Z)");
        assertThat(received.getFirst().body())
                .isEqualTo(
                        changeBody("CloudRoutes: monitor checkout-api is HEALTHY", "CNAME", "30", "lb-1.example.com"));
    }

    @Test
    void dryRunShowsTheRequestTheRunSendsWithTheSecretMasked() {
        Reaction reaction = reaction(settings());
        String dryRun = reaction.dryRun(failure).orElseThrow();
        assertThat(received).isEmpty();

        assertThat(dryRun)
                .isEqualTo("POST " + endpoint() + "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/\n"
                        + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/<date>/us-east-1/route53/"
                        + "aws4_request, SignedHeaders=…, Signature=**** (secret access key ****)\n"
                        + "Content-Type: application/xml\n\n"
                        + changeBody(
                                "CloudRoutes: monitor checkout-api is FAILED",
                                "A",
                                "60",
                                "198.51.100.7",
                                "198.51.100.8"));
        reaction.run(failure, Duration.ofSeconds(10));
        assertThat(dryRun).endsWith(received.getFirst().body());
    }

    @Test
    void skipsAChangeToUnknown() {
        StatusChanged unknown = new StatusChanged(
                12, "checkout-api", Status.HEALTHY, Status.UNKNOWN, "no worker", "eu-west", 1_700_000_000_000L, 1);
        ReactionResult result = reaction(settings()).run(unknown, Duration.ofSeconds(10));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(received).isEmpty();
    }

    @Test
    void anInvalidChangeBatchFailsForGood() {
        answerStatus = 400;
        answerBody = errorResponse(
                "InvalidChangeBatch",
                "[RRSet of type CNAME with DNS name www.example.com. is not permitted at apex in zone example.com.]");
        ReactionResult result = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(result)
                .isEqualTo(ReactionResult.failed("Route 53 rejected the change to www.example.com. A in "
                        + "hosted zone Z1D633PJN98FT9: HTTP 400 InvalidChangeBatch: [RRSet of type CNAME with DNS name "
                        + "www.example.com. is not permitted at apex in zone example.com.]"));
    }

    @Test
    void anUnknownHostedZoneFailsForGood() {
        answerStatus = 404;
        answerBody = errorResponse("NoSuchHostedZone", "No hosted zone found with ID: Z1D633PJN98FT9");
        ReactionResult result = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(result)
                .isEqualTo(ReactionResult.failed("Route 53 refused the change to www.example.com. A in "
                        + "hosted zone Z1D633PJN98FT9: HTTP 404 NoSuchHostedZone: No hosted zone found with ID: "
                        + "Z1D633PJN98FT9; check the hosted zone ID"));
    }

    @Test
    void badCredentialsFailForGood() {
        answerStatus = 403;
        answerBody = errorResponse("InvalidClientTokenId", "The security token included in the request is invalid.");
        ReactionResult invalid = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(invalid)
                .isEqualTo(
                        ReactionResult.failed(
                                "Route 53 refused the change to www.example.com. A in "
                                        + "hosted zone Z1D633PJN98FT9: HTTP 403 InvalidClientTokenId: The security token included in the "
                                        + "request is invalid.; check the access key ID AKIAIOSFODNN7EXAMPLE and its secret access key"));

        answerBody = errorResponse(
                "AccessDenied",
                "User: arn:aws:iam::123456789012:user/cloudroutes is not "
                        + "authorized to perform: route53:ChangeResourceRecordSets");
        ReactionResult denied = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(denied.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(denied.retryable()).isFalse();
        assertThat(denied.output())
                .contains("HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/cloudroutes")
                .endsWith("the IAM policy of access key AKIAIOSFODNN7EXAMPLE must allow "
                        + "route53:ChangeResourceRecordSets on hostedzone/Z1D633PJN98FT9");
    }

    @Test
    void throttlingAPendingChangeAndServerErrorsAreRetried() {
        answerStatus = 400;
        answerBody = errorResponse("Throttling", "Rate exceeded");
        assertThat(reaction(settings()).run(failure, Duration.ofSeconds(10)))
                .isEqualTo(ReactionResult.retryable(
                        "Route 53 could not take the change to www.example.com. A in hosted zone Z1D633PJN98FT9 now "
                                + "(HTTP 400 Throttling: Rate exceeded)"));

        answerBody = errorResponse(
                "PriorRequestNotComplete",
                "The request was rejected because Route 53 was still " + "processing a prior request.");
        ReactionResult prior = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(prior.retryable()).isTrue();
        assertThat(prior.output()).contains("HTTP 400 PriorRequestNotComplete");

        answerStatus = 503;
        answerBody = errorResponse("ServiceUnavailable", "Service unavailable").replace("Sender", "Receiver");
        ReactionResult unavailable = reaction(settings()).run(failure, Duration.ofSeconds(10));
        assertThat(unavailable.retryable()).isTrue();
        assertThat(unavailable.output()).contains("HTTP 503 ServiceUnavailable");
        // the SDK itself never retries: the actioner does, with backoff
        assertThat(received).hasSize(3);
    }

    @Test
    void noAnswerWithinTheDeadlineIsRetried() {
        hang = true;
        ReactionResult result = reaction(settings()).run(failure, Duration.ofSeconds(2));
        assertThat(result)
                .isEqualTo(ReactionResult.retryable("no answer from " + endpoint() + " within 2000 ms "
                        + "while changing www.example.com. A in hosted zone Z1D633PJN98FT9"));
    }

    @Test
    void anUnreachableEndpointIsRetried() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = settings();
        settings.put("endpointOverride", "http://127.0.0.1:" + closed);
        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .startsWith("could not reach http://127.0.0.1:" + closed
                        + " to change www.example.com. A in hosted zone Z1D633PJN98FT9: ");
    }

    @Test
    void restoresOnRecovery() {
        assertThat(type.restoresOnRecovery()).isTrue();
        assertThat(ReactionType.registry().find("route53")).containsInstanceOf(Route53ReactionType.class);
        assertThat(type.settings().stream().filter(s -> s.secret()).map(s -> s.name()))
                .containsExactly("secretAccessKey");
    }

    @Test
    void rejectsValuesThatDoNotFitTheRecordTypeAndABadZoneOrName() {
        Map<String, String> settings = settings();
        settings.put("recordType", "AAAA");
        settings.put("hostedZoneId", "zone one");
        settings.put("recordName", "www..example.com");
        settings.put("ttl", "-1");
        Map<String, String> errors = type.validate(settings);
        assertThat(errors).containsOnlyKeys("hostedZoneId", "recordName", "ttl", "failoverValues", "primaryValues");
        assertThat(errors.get("failoverValues"))
                .isEqualTo("Values while FAILED: line 1 '198.51.100.7' is not an IPv6 address, e.g. 2001:db8::10");

        settings = settings();
        settings.put("recordType", "CNAME");
        settings.put("failoverValues", "a.example.com\nb.example.com");
        settings.put("primaryValues", "");
        assertThat(type.validate(settings))
                .containsOnly(
                        Map.entry(
                                "failoverValues",
                                "Values while FAILED: a CNAME record holds exactly one host name, not 2"),
                        Map.entry("primaryValues", "Values while HEALTHY is required"));
        assertThat(type.validate(Map.of("hostedZoneId", "/hostedzone/Z1D633PJN98FT9")))
                .doesNotContainKey("hostedZoneId");
    }
}
