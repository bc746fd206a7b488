package io.cloudroutes.reactions.elbv2;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.AwsHttp;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.TransitionText;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2ClientBuilder;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Deregisters the target from its target group when the monitor fails and registers it again when it recovers, then
 * reads the target's health so the output shows where the load balancer stands (draining, initial, healthy, …).
 */
final class ElbTargetReaction implements Reaction {

    private static final String VERSION = "2015-12-01";

    private final ElbTarget target;
    private final Egress egress;

    ElbTargetReaction(ElbTarget target, Egress egress) {
        this.egress = egress;
        this.target = target;
    }

    /** DeregisterTargets on failure, RegisterTargets on recovery, nothing otherwise. */
    private static Optional<String> action(StatusChanged change) {
        if (change.to() == Status.FAILED) {
            return Optional.of("DeregisterTargets");
        }
        return change.to() == Status.HEALTHY ? Optional.of("RegisterTargets") : Optional.empty();
    }

    private String nothingToDo(StatusChanged change) {
        return "nothing to do when the monitor becomes " + change.to() + ": " + target.describeTarget()
                + " stays as it is in " + target.targetGroupArn();
    }

    /** The Query API form body the SDK sends for this action on the target. */
    String formBody(String action) {
        StringBuilder body = new StringBuilder("Action=")
                .append(action)
                .append("&Version=")
                .append(VERSION)
                .append("&TargetGroupArn=")
                .append(SdkHttpUtils.urlEncode(target.targetGroupArn()))
                .append("&Targets.member.1.Id=")
                .append(SdkHttpUtils.urlEncode(target.targetId()));
        if (target.port() != null) {
            body.append("&Targets.member.1.Port=").append(target.port());
        }
        return body.toString();
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return Optional.of(action(change)
                .map(action -> {
                    String request = "POST " + target.endpointOrDefault() + "\n"
                            + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\n"
                            + "Authorization: AWS4-HMAC-SHA256 Credential=" + target.accessKeyId() + "/<date>/"
                            + target.region()
                            + "/elasticloadbalancing/aws4_request, SignedHeaders=…, Signature=****\n\n";
                    return request + formBody(action) + "\n\nthen, to report the target's health:\n\n" + request
                            + formBody("DescribeTargetHealth");
                })
                .orElse(nothingToDo(change)));
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Optional<String> action = action(change);
        if (action.isEmpty()) {
            return ReactionResult.skipped(nothingToDo(change));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        TargetDescription description = TargetDescription.builder()
                .id(target.targetId())
                .port(target.port())
                .build();
        String what = action.get() + " " + target.describeTarget()
                + (action.get().startsWith("De") ? " from " : " in ") + target.targetGroupArn();
        try (ElasticLoadBalancingV2Client client = client(timeout)) {
            String requestId = action.get().equals("DeregisterTargets")
                    ? client.deregisterTargets(r -> r.targetGroupArn(target.targetGroupArn())
                                    .targets(description)
                                    .overrideConfiguration(within(deadline)))
                            .responseMetadata()
                            .requestId()
                    : client.registerTargets(r -> r.targetGroupArn(target.targetGroupArn())
                                    .targets(description)
                                    .overrideConfiguration(within(deadline)))
                            .responseMetadata()
                            .requestId();
            return ReactionResult.executed(
                    what + ": done (AWS request id " + requestId + ")\n" + health(client, description, deadline));
        } catch (AwsServiceException e) {
            String answer = what + " failed: " + serviceError(e);
            int status = e.statusCode();
            return e.isThrottlingException() || status == 429 || status >= 500
                    ? ReactionResult.retryable(answer)
                    : ReactionResult.failed(answer);
        } catch (SdkClientException e) {
            return clientError(what, e, timeout);
        }
    }

    private ElasticLoadBalancingV2Client client(Duration timeout) {
        ElasticLoadBalancingV2ClientBuilder builder = ElasticLoadBalancingV2Client.builder()
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKeyId(), target.secretAccessKey())))
                // each call's apiCallTimeout is the hard deadline; the socket timeout only bounds a stuck read
                .httpClientBuilder(AwsHttp.through(egress, timeout, timeout.plusSeconds(5)))
                // the actioner retries with backoff: one attempt per run keeps the run within its deadline
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return builder.build();
    }

    /** What is left of the run's deadline, as the timeout of one API call. */
    private static AwsRequestOverrideConfiguration within(long deadline) {
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(left)
                .apiCallAttemptTimeout(left)
                .build();
    }

    /** The target's health after the change; a failure to read it is reported but does not fail the run. */
    private String health(ElasticLoadBalancingV2Client client, TargetDescription description, long deadline) {
        try {
            Optional<TargetHealth> health = client
                    .describeTargetHealth(r -> r.targetGroupArn(target.targetGroupArn())
                            .targets(description)
                            .overrideConfiguration(within(deadline)))
                    .targetHealthDescriptions()
                    .stream()
                    .map(TargetHealthDescription::targetHealth)
                    .findFirst();
            return health.map(h -> "Target health: " + h.stateAsString()
                            + (h.reasonAsString() == null
                                    ? ""
                                    : " (" + h.reasonAsString()
                                            + (h.description() == null ? "" : ": " + h.description()) + ")"))
                    .orElse("Target health: not reported for " + target.describeTarget());
        } catch (AwsServiceException e) {
            return "Target health not read: " + serviceError(e);
        } catch (SdkException e) {
            return "Target health not read: " + e.getMessage();
        }
    }

    private static String serviceError(AwsServiceException e) {
        return "HTTP " + e.statusCode() + " " + e.awsErrorDetails().errorCode() + ": "
                + TransitionText.excerpt(e.awsErrorDetails().errorMessage(), 500)
                + (e.requestId() == null ? "" : " (AWS request id " + e.requestId() + ")");
    }

    private ReactionResult clientError(String what, SdkClientException e, Duration timeout) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return ReactionResult.retryable(
                    what + ": no answer from " + target.endpointOrDefault() + " within " + timeout.toMillis() + " ms");
        }
        EgressRefusedException refused = HttpCalls.refusal(e);
        if (refused != null) {
            return ReactionResult.failed(
                    what + ": could not reach " + target.endpointOrDefault() + ": " + refused.getMessage());
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return ReactionResult.retryable(
                        what + ": could not reach " + target.endpointOrDefault() + ": " + HttpCalls.describe(io));
            }
        }
        return ReactionResult.failed(what + " failed: " + e.getMessage());
    }
}
