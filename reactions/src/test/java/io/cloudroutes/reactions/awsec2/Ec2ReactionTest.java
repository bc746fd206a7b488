package io.cloudroutes.reactions.awsec2;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the reaction through the real AWS SDK against a local server that speaks the EC2 Query API. */
class Ec2ReactionTest {

    private static final String INSTANCE = "i-0abc123def4567890";
    private static final String NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    private final AwsEc2ReactionType type = new AwsEc2ReactionType(Duration.ofMillis(20));
    private final StatusChanged failure = new StatusChanged(
            7, "shop", Status.HEALTHY, Status.FAILED, "connect timed out", "default", 1_700_000_000_000L, 1);
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    record Received(String method, String path, String contentType, String authorization, String body) {}

    record Answer(int status, String xml) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            String action = form(body).get("Action");
            Deque<Answer> queue = answers.get(action);
            Answer answer;
            synchronized (answers) {
                answer = queue == null || queue.isEmpty() ? null : queue.size() > 1 ? queue.poll() : queue.peek();
            }
            if (answer == null) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] xml = answer.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), xml.length);
            exchange.getResponseBody().write(xml);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(String action, Answer... replies) {
        answers.put(action, new ArrayDeque<>(List.of(replies)));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Map<String, String> settings(String action) {
        return Map.of(
                "instanceId",
                INSTANCE,
                "action",
                action,
                "region",
                "eu-west-1",
                "accessKeyId",
                "AKIAIOSFODNN7EXAMPLE",
                "secretAccessKey",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "endpointOverride",
                endpoint());
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private ReactionResult run(String action, Duration timeout) {
        return reaction(settings(action)).run(failure, timeout);
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(
                status,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                        + "</Code><Message>" + message + "</Message></Error></Errors>"
                        + "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>");
    }

    private static Answer stateChange(
            String action, String previous, int previousCode, String current, int currentCode) {
        return new Answer(
                200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response " + NS + ">"
                        + "<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><instancesSet><item>"
                        + "<instanceId>" + INSTANCE + "</instanceId>"
                        + "<currentState><code>" + currentCode + "</code><name>" + current + "</name></currentState>"
                        + "<previousState><code>" + previousCode + "</code><name>" + previous
                        + "</name></previousState>"
                        + "</item></instancesSet></" + action + "Response>");
    }

    private static Answer described(String state, int code) {
        return new Answer(
                200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse " + NS + ">"
                        + "<requestId>8f7724cf-496f-496e-8fe3-example</requestId><reservationSet><item>"
                        + "<reservationId>r-1234567890abcdef0</reservationId><ownerId>123456789012</ownerId><groupSet/>"
                        + "<instancesSet><item><instanceId>" + INSTANCE + "</instanceId><imageId>ami-0abcdef1234567890"
                        + "</imageId><instanceState><code>" + code + "</code><name>" + state + "</name></instanceState>"
                        + "<instanceType>t3.micro</instanceType></item></instancesSet></item></reservationSet>"
                        + "</DescribeInstancesResponse>");
    }

    @Test
    void rebootSendsRebootInstancesSignedWithTheAccessKey() {
        answer(
                "RebootInstances",
                new Answer(
                        200,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                + "<RebootInstancesResponse " + NS
                                + "><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>"
                                + "<return>true</return></RebootInstancesResponse>"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("RebootInstances accepted for " + INSTANCE + " in eu-west-1 "
                        + "(request id 59dbff89-35bd-4eac-99ed-be587EXAMPLE): the instance reboots now");
        assertThat(received).hasSize(1);
        Received request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("Action=RebootInstances&Version=2016-11-15&InstanceId.1=" + INSTANCE);
        assertThat(request.authorization())
                .matches("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/\\d{8}/"
                        + "eu-west-1/ec2/aws4_request, SignedHeaders=\\S+, Signature=[0-9a-f]{64}");
    }

    @Test
    void stopStartStopsWaitsUntilStoppedAndStartsAgain() {
        answer("StopInstances", stateChange("StopInstances", "running", 16, "stopping", 64));
        answer("DescribeInstances", described("stopping", 64), described("stopping", 64), described("stopped", 80));
        answer("StartInstances", stateChange("StartInstances", "stopped", 80, "pending", 0));

        ReactionResult result = run("stop-start", Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("StopInstances " + INSTANCE + " in eu-west-1: running → stopping\n"
                        + INSTANCE + " stopped (3 checks with DescribeInstances)\n"
                        + "StartInstances " + INSTANCE + ": stopped → pending (it boots on a new host)");
        assertThat(received)
                .extracting(r -> form(r.body()).get("Action"))
                .containsExactly(
                        "StopInstances",
                        "DescribeInstances",
                        "DescribeInstances",
                        "DescribeInstances",
                        "StartInstances");
        assertThat(received)
                .allSatisfy(r -> assertThat(form(r.body()))
                        .containsEntry("InstanceId.1", INSTANCE)
                        .containsEntry("Version", "2016-11-15"));
    }

    @Test
    void stopStartThatOutlivesTheDeadlineIsRetryableAndDoesNotStart() {
        answer("StopInstances", stateChange("StopInstances", "running", 16, "stopping", 64));
        answer("DescribeInstances", described("stopping", 64));

        ReactionResult result = run("stop-start", Duration.ofSeconds(2));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .startsWith("StopInstances " + INSTANCE + " in eu-west-1: running → stopping\n")
                .contains(INSTANCE + " was still stopping when the run's deadline of 2000 ms came; it was NOT "
                        + "started again");
        assertThat(received).extracting(r -> form(r.body()).get("Action")).doesNotContain("StartInstances");
    }

    @Test
    void aStartWithoutCapacityIsRetryableAndSaysTheInstanceIsStopped() {
        answer("StopInstances", stateChange("StopInstances", "running", 16, "stopping", 64));
        answer("DescribeInstances", described("stopped", 80));
        answer(
                "StartInstances",
                error(
                        500,
                        "InsufficientInstanceCapacity",
                        "We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (eu-west-1a)."));

        ReactionResult result = run("stop-start", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .isEqualTo("StopInstances " + INSTANCE + " in eu-west-1: running → stopping\n"
                        + INSTANCE + " stopped (1 check with DescribeInstances)\n"
                        + "StartInstances failed, " + INSTANCE + " is stopped: EC2 answered HTTP 500 "
                        + "InsufficientInstanceCapacity: We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (eu-west-1a). "
                        + "(request id ea966190-f9aa-478e-9ede-example)");
    }

    @Test
    void aTerminatedInstanceIsNotStarted() {
        answer("StopInstances", stateChange("StopInstances", "running", 16, "stopping", 64));
        answer("DescribeInstances", described("terminated", 48));

        ReactionResult result = run("stop-start", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output()).endsWith(INSTANCE + " is terminated; it was not started");
    }

    @Test
    void anUnknownInstanceFailsForGood() {
        answer(
                "RebootInstances",
                error(400, "InvalidInstanceID.NotFound", "The instance ID '" + INSTANCE + "' does not exist"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("EC2 answered HTTP 400 InvalidInstanceID.NotFound: The instance ID '"
                        + INSTANCE + "' does not exist (request id ea966190-f9aa-478e-9ede-example)\n"
                        + "Check the instance ID and the region (eu-west-1)");
    }

    @Test
    void aKeyWithoutPermissionFailsForGoodNamingWhatItNeeds() {
        answer(
                "StopInstances",
                error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));

        ReactionResult result = run("stop-start", Duration.ofSeconds(10));

        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .startsWith("EC2 answered HTTP 403 UnauthorizedOperation: You are not "
                        + "authorized to perform this operation.")
                .endsWith("The IAM user of access key AKIAIOSFODNN7EXAMPLE needs ec2:StopInstances, "
                        + "ec2:DescribeInstances and ec2:StartInstances on " + INSTANCE);
    }

    @Test
    void refusedCredentialsFailForGood() {
        answer(
                "RebootInstances",
                error(401, "AuthFailure", "AWS was not able to validate the provided access credentials"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("EC2 answered HTTP 401 AuthFailure: AWS was not able to validate the"
                        + " provided access credentials (request id ea966190-f9aa-478e-9ede-example)\n"
                        + "AWS refused access key AKIAIOSFODNN7EXAMPLE: check the key ID and secret, and that the key is "
                        + "active");
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        answer("RebootInstances", error(503, "RequestLimitExceeded", "Request limit exceeded."));
        ReactionResult throttled = run("reboot", Duration.ofSeconds(10));
        assertThat(throttled.retryable()).isTrue();
        assertThat(throttled.output())
                .startsWith("EC2 answered HTTP 503 RequestLimitExceeded: Request limit " + "exceeded.");
        assertThat(received).hasSize(1);

        answer("RebootInstances", error(500, "InternalError", "An internal error has occurred."));
        ReactionResult broken = run("reboot", Duration.ofSeconds(10));
        assertThat(broken.retryable()).isTrue();
        assertThat(broken.output()).startsWith("EC2 answered HTTP 500 InternalError");
    }

    @Test
    void noAnswerWithinTheDeadlineIsRetryable() {
        ReactionResult result = run("reboot", Duration.ofSeconds(1));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .isEqualTo("no answer from EC2 at " + endpoint() + " within the run's deadline of 1000 ms");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(settings("reboot"));
        settings.put("endpointOverride", "http://127.0.0.1:" + closed);

        ReactionResult result = reaction(settings).run(failure, Duration.ofSeconds(5));

        assertThat(result.retryable()).isTrue();
        assertThat(result.output()).startsWith("could not reach EC2 at http://127.0.0.1:" + closed + ": ");
    }

    @Test
    void dryRunShowsTheRequestsWithTheSignatureMasked() {
        Map<String, String> settings = new HashMap<>(settings("reboot"));
        settings.remove("endpointOverride");
        assertThat(reaction(settings).dryRun(failure)).hasValue("""
                POST https://ec2.eu-west-1.amazonaws.com/
                Content-Type: application/x-www-form-urlencoded; charset=utf-8
                Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/<date>/eu-west-1/ec2/aws4_request, \
                SignedHeaders=…, Signature=****

                Action=RebootInstances&Version=2016-11-15&InstanceId.1=i-0abc123def4567890""");
        settings.put("action", "stop-start");
        assertThat(reaction(settings).dryRun(failure).orElseThrow())
                .startsWith("1. POST https://ec2.eu-west-1.amazonaws.com/\n")
                .contains("Action=StopInstances&Version=2016-11-15&InstanceId.1=" + INSTANCE)
                .contains("Action=DescribeInstances&Version=2016-11-15&InstanceId.1=" + INSTANCE)
                .endsWith("Action=StartInstances&Version=2016-11-15&InstanceId.1=" + INSTANCE)
                .doesNotContain("wJalrXUtnFEMI");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsABadInstanceIdRegionAndAction() {
        Map<String, String> errors = type.validate(Map.of(
                "instanceId",
                "i-123",
                "action",
                "terminate",
                "region",
                "eu-middle-9",
                "accessKeyId",
                "AKIAIOSFODNN7EXAMPLE",
                "secretAccessKey",
                "s"));
        assertThat(errors).containsOnlyKeys("instanceId", "action", "region");
        assertThat(errors.get("instanceId")).contains("i- followed by 8 or 17");
        assertThat(errors.get("region")).startsWith("Region 'eu-middle-9' is not an AWS region");
        assertThat(errors.get("action")).isEqualTo("Action must be one of reboot, stop-start");
        assertThat(type.validate(Map.of(
                        "instanceId",
                        "i-1a2b3c4d",
                        "region",
                        "us-east-1",
                        "accessKeyId",
                        "AKIAIOSFODNN7EXAMPLE",
                        "secretAccessKey",
                        "s")))
                .isEmpty();
    }

    @Test
    void isOneSidedAndRegistered() {
        assertThat(type.restoresOnRecovery()).isFalse();
        assertThat(type.settings())
                .filteredOn(s -> s.name().equals("secretAccessKey"))
                .singleElement()
                .matches(s -> s.secret());
        assertThat(ReactionType.registry().find("aws-ec2")).isPresent();
    }
}
