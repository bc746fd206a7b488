package io.cloudroutes.reactions.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElbTargetReactionTest {

    private static final String ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
    private static final String ENCODED_ARN =
            "arn%3Aaws%3Aelasticloadbalancing%3Aeu-west-1%3A123456789012%3Atargetgroup%2Fweb%2F73e2d6bc24d8a067";
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final StatusChanged FAILURE =
            new StatusChanged(9, "web-1", Status.HEALTHY, Status.FAILED, "HTTP 503", "default", 1_700_000_000_000L, 1);
    private static final StatusChanged RECOVERY = new StatusChanged(
            9, "web-1", Status.FAILED, Status.HEALTHY, "HTTP 200 in 4 ms", "default", 1_700_000_060_000L, 1);

    private final ElbTargetReactionType type = new ElbTargetReactionType();
    private final FakeElb elb = new FakeElb();

    @AfterEach
    void stop() {
        elb.close();
    }

    private Map<String, String> settings(String endpoint) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "accessKeyId",
                KEY_ID,
                "secretAccessKey",
                SECRET,
                "region",
                "eu-west-1",
                "targetGroupArn",
                ARN,
                "targetId",
                "i-0f76fade435676abd",
                "port",
                "8080"));
        settings.put("endpointOverride", endpoint);
        return settings;
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private ReactionResult run(StatusChanged change) {
        return reaction(settings(elb.endpoint())).run(change, Duration.ofSeconds(10));
    }

    @Test
    void deregistersTheTargetOnFailureWithASignedQueryApiRequest() {
        elb.registered("i-0f76fade435676abd");

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo(
                        "DeregisterTargets i-0f76fade435676abd port 8080 from " + ARN
                                + ": done (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)\n"
                                + "Target health: draining (Target.DeregistrationInProgress: Target deregistration is in progress)");
        assertThat(elb.state("i-0f76fade435676abd")).isEqualTo("draining");
        assertThat(elb.requests()).hasSize(2);
        FakeElb.Request deregister = elb.requests().get(0);
        assertThat(deregister.method()).isEqualTo("POST");
        assertThat(deregister.path()).isEqualTo("/");
        assertThat(deregister.contentType()).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
        assertThat(deregister.body())
                .isEqualTo("Action=DeregisterTargets&Version=2015-12-01&TargetGroupArn=" + ENCODED_ARN
                        + "&Targets.member.1.Id=i-0f76fade435676abd&Targets.member.1.Port=8080");
        assertThat(deregister.authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/"
                        + deregister.amzDate().substring(0, 8) + "/eu-west-1/elasticloadbalancing/aws4_request, ");
        assertThat(deregister.signedWith(SECRET)).isTrue();
        assertThat(deregister.signedWith("another secret")).isFalse();
        assertThat(elb.requests().get(1).body())
                .isEqualTo("Action=DescribeTargetHealth&Version=2015-12-01" + "&TargetGroupArn=" + ENCODED_ARN
                        + "&Targets.member.1.Id=i-0f76fade435676abd&Targets.member.1.Port=8080");
    }

    @Test
    void registersTheTargetAgainOnRecovery() {
        run(FAILURE);

        ReactionResult result = run(RECOVERY);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("RegisterTargets i-0f76fade435676abd port 8080 in " + ARN
                        + ": done (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000003)\n"
                        + "Target health: initial (Elb.RegistrationInProgress: Target registration is in progress)");
        assertThat(elb.state("i-0f76fade435676abd")).isEqualTo("initial");
        FakeElb.Request register = elb.requests().get(2);
        assertThat(register.body())
                .isEqualTo("Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=" + ENCODED_ARN
                        + "&Targets.member.1.Id=i-0f76fade435676abd&Targets.member.1.Port=8080");
        assertThat(register.signedWith(SECRET)).isTrue();
    }

    @Test
    void leavesThePortToTheTargetGroupWhenNoneIsGiven() {
        Map<String, String> settings = settings(elb.endpoint());
        settings.remove("port");
        settings.put("targetId", "10.0.3.17");

        ReactionResult result = reaction(settings).run(FAILURE, Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output()).startsWith("DeregisterTargets 10.0.3.17 from " + ARN + ": done");
        assertThat(elb.requests().get(0).body())
                .isEqualTo("Action=DeregisterTargets&Version=2015-12-01" + "&TargetGroupArn=" + ENCODED_ARN
                        + "&Targets.member.1.Id=10.0.3.17");
    }

    @Test
    void anUnknownTargetGroupFailsWithoutRetry() {
        elb.failWith("DeregisterTargets", 400, "TargetGroupNotFound", "One or more target groups not found");

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("DeregisterTargets i-0f76fade435676abd port 8080 from " + ARN
                        + " failed: HTTP 400 TargetGroupNotFound: One or more target groups not found "
                        + "(AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)");
        assertThat(elb.requests()).hasSize(1);
    }

    @Test
    void anInvalidTargetFailsWithoutRetry() {
        elb.failWith(
                "RegisterTargets",
                400,
                "InvalidTarget",
                "The following targets are not in a running state and cannot be registered: 'i-0f76fade435676abd'");

        ReactionResult result = run(RECOVERY);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("RegisterTargets i-0f76fade435676abd port 8080 in " + ARN
                        + " failed: HTTP 400 InvalidTarget: The following targets are not in a running state and cannot be "
                        + "registered: 'i-0f76fade435676abd' (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)");
    }

    @Test
    void accessDeniedFailsWithoutRetry() {
        String message = "User: arn:aws:iam::123456789012:user/cloudroutes is not authorized to perform: "
                + "elasticloadbalancing:DeregisterTargets on resource: " + ARN
                + " because no identity-based policy allows the elasticloadbalancing:DeregisterTargets action";
        elb.failWith("DeregisterTargets", 403, "AccessDenied", message);

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("DeregisterTargets i-0f76fade435676abd port 8080 from " + ARN
                        + " failed: HTTP 403 AccessDenied: " + message
                        + " (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)");
    }

    @Test
    void throttlingIsLeftToTheActionersRetry() {
        elb.failWith("DeregisterTargets", 400, "Throttling", "Rate exceeded");

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .endsWith(" failed: HTTP 400 Throttling: Rate exceeded "
                        + "(AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)");
        assertThat(elb.requests()).hasSize(1);
    }

    @Test
    void aServerErrorIsRetryable() {
        elb.failWith("DeregisterTargets", 503, "ServiceUnavailable", "Service is unavailable. Please try again later.");

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .endsWith(" failed: HTTP 503 ServiceUnavailable: Service is unavailable. "
                        + "Please try again later. (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)");
        assertThat(elb.requests()).hasSize(1);
    }

    @Test
    void noAnswerWithinTheTimeoutIsRetryable() {
        elb.hang();

        ReactionResult result = reaction(settings(elb.endpoint())).run(FAILURE, Duration.ofMillis(700));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .isEqualTo("DeregisterTargets i-0f76fade435676abd port 8080 from " + ARN + ": no answer from "
                        + elb.endpoint() + " within 700 ms");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        ReactionResult result =
                reaction(settings("http://127.0.0.1:" + closedPort)).run(FAILURE, Duration.ofSeconds(5));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .startsWith("DeregisterTargets i-0f76fade435676abd port 8080 from " + ARN
                        + ": could not reach http://127.0.0.1:" + closedPort + ": ConnectException");
    }

    @Test
    void aTargetHealthThatCannotBeReadDoesNotFailTheChange() {
        elb.failWith(
                "DescribeTargetHealth",
                403,
                "AccessDenied",
                "User: arn:aws:iam::123456789012:user/cloudroutes "
                        + "is not authorized to perform: elasticloadbalancing:DescribeTargetHealth");

        ReactionResult result = run(FAILURE);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .endsWith(": done (AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000001)\n"
                        + "Target health not read: HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/cloudroutes "
                        + "is not authorized to perform: elasticloadbalancing:DescribeTargetHealth "
                        + "(AWS request id 9f1c2e47-0a3b-4c55-8d6e-000000000002)");
        assertThat(elb.state("i-0f76fade435676abd")).isEqualTo("draining");
    }

    @Test
    void anUnknownStatusChangesNothing() {
        StatusChanged unknown = new StatusChanged(
                9, "web-1", Status.HEALTHY, Status.UNKNOWN, "no results", "default", 1_700_000_000_000L, 1);

        ReactionResult result = run(unknown);

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(result.output())
                .isEqualTo("nothing to do when the monitor becomes UNKNOWN: i-0f76fade435676abd "
                        + "port 8080 stays as it is in " + ARN);
        assertThat(elb.requests()).isEmpty();
    }

    @Test
    void dryRunShowsTheRequestsTheRunSendsWithTheSignatureMasked() {
        Reaction reaction = reaction(settings(elb.endpoint()));
        String request = "POST " + elb.endpoint() + "\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/<date>/eu-west-1/elasticloadbalancing/"
                + "aws4_request, SignedHeaders=…, Signature=****\n\n";

        String dryRun = reaction.dryRun(FAILURE).orElseThrow();

        assertThat(elb.requests()).isEmpty();
        assertThat(dryRun).doesNotContain(SECRET);
        reaction.run(FAILURE, Duration.ofSeconds(10));
        assertThat(dryRun)
                .isEqualTo(request + elb.requests().get(0).body() + "\n\nthen, to report the target's health:\n\n"
                        + request + elb.requests().get(1).body());
        assertThat(reaction.dryRun(RECOVERY).orElseThrow()).contains("Action=RegisterTargets&Version=2015-12-01");
    }

    @Test
    void withoutAnEndpointOverrideTheDryRunNamesTheRegionsEndpoint() {
        Map<String, String> settings = settings(null);
        settings.remove("endpointOverride");

        assertThat(reaction(settings).dryRun(FAILURE).orElseThrow())
                .startsWith("POST https://elasticloadbalancing.eu-west-1.amazonaws.com/\n");
    }
}
