package io.cloudroutes.reactions.awsec2;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.AwsHttp;
import io.cloudroutes.reactions.support.HttpCalls;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.RebootInstancesResponse;

/**
 * Reboots or stops and starts one EC2 instance, whatever the direction of the change. Each run has its own client,
 * closed at the end, so runs share nothing; the SDK does not retry (the actioner does, with backoff).
 */
final class AwsEc2Reaction implements Reaction {

    /** Error codes that may pass a little later; anything else with a 4xx status would fail the same way again. */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "RequestLimitExceeded",
            "Throttling",
            "InsufficientInstanceCapacity",
            "InternalError",
            "ServiceUnavailable",
            "Unavailable");

    private final Ec2Target target;
    private final Duration pollInterval;
    private final Egress egress;

    AwsEc2Reaction(Ec2Target target, Duration pollInterval, Egress egress) {
        this.egress = egress;
        this.target = target;
        this.pollInterval = pollInterval;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
        try (Ec2Client ec2 = client(timeout)) {
            return AwsEc2ReactionType.STOP_START.equals(target.action())
                    ? stopAndStart(ec2, deadline)
                    : reboot(ec2, deadline);
        } catch (SdkException e) {
            return problem(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReactionResult.failed(
                    "interrupted while waiting for " + target.instanceId() + " to stop; " + "it was not started again");
        }
    }

    /** What went wrong with an EC2 call, and whether trying again later may help. */
    private ReactionResult problem(SdkException e, Duration timeout) {
        if (e instanceof AwsServiceException service) {
            String answer = "EC2 answered HTTP " + service.statusCode()
                    + (code(service).isEmpty()
                            ? " without error details"
                            : " " + code(service) + ": "
                                    + service.awsErrorDetails().errorMessage() + " (request id " + service.requestId()
                                    + ")")
                    + hint(service);
            return retryable(service) ? ReactionResult.retryable(answer) : ReactionResult.failed(answer);
        }
        if (e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException
                || e.getCause() instanceof SocketTimeoutException) {
            return ReactionResult.retryable("no answer from EC2 at " + endpoint() + " within the run's deadline of "
                    + timeout.toMillis() + " ms");
        }
        EgressRefusedException refused = HttpCalls.refusal(e);
        if (refused != null) {
            return ReactionResult.failed("could not reach EC2 at " + endpoint() + ": " + refused.getMessage());
        }
        return ReactionResult.retryable("could not reach EC2 at " + endpoint() + ": " + e.getMessage());
    }

    private ReactionResult reboot(Ec2Client ec2, Deadline deadline) {
        RebootInstancesResponse response = ec2.rebootInstances(
                r -> r.instanceIds(target.instanceId()).overrideConfiguration(deadline.callTimeout()));
        return ReactionResult.executed("RebootInstances accepted for " + target.instanceId() + " in "
                + target.region().id() + " (request id "
                + response.responseMetadata().requestId()
                + "): the instance reboots now");
    }

    /**
     * Stop, wait until stopped, start. A stop the deadline cuts short is retryable: StopInstances on a stopped
     * instance is harmless, so the next run finishes the job.
     */
    private ReactionResult stopAndStart(Ec2Client ec2, Deadline deadline) throws InterruptedException {
        String id = target.instanceId();
        StringBuilder done = new StringBuilder();
        InstanceStateChange stopping = ec2.stopInstances(
                        r -> r.instanceIds(id).overrideConfiguration(deadline.callTimeout()))
                .stoppingInstances()
                .getFirst();
        done.append("StopInstances ")
                .append(id)
                .append(" in ")
                .append(target.region().id())
                .append(": ")
                .append(stopping.previousState().nameAsString())
                .append(" → ")
                .append(stopping.currentState().nameAsString())
                .append('\n');
        String state = stopping.currentState().nameAsString();
        int checks = 0;
        while (!"stopped".equals(state)) {
            if (Set.of("terminated", "shutting-down").contains(state)) {
                return ReactionResult.failed(done + id + " is " + state + "; it was not started");
            }
            Duration wait = deadline.remainingOr(pollInterval);
            if (!wait.isZero()) {
                Thread.sleep(wait);
            }
            if (deadline.remaining().isZero()) {
                return notStartedYet(done, state, deadline);
            }
            checks++;
            try {
                state = describe(ec2, deadline).state().nameAsString();
            } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
                return notStartedYet(done, state, deadline);
            }
        }
        done.append(id)
                .append(" stopped (")
                .append(checks)
                .append(checks == 1 ? " check" : " checks")
                .append(" with DescribeInstances)\n");
        InstanceStateChange starting;
        try {
            starting = ec2.startInstances(r -> r.instanceIds(id).overrideConfiguration(deadline.callTimeout()))
                    .startingInstances()
                    .getFirst();
        } catch (SdkException e) {
            ReactionResult problem = problem(e, deadline.timeout());
            return new ReactionResult(
                    problem.outcome(),
                    done + "StartInstances failed, " + id + " is stopped: " + problem.output(),
                    problem.retryable());
        }
        done.append("StartInstances ")
                .append(id)
                .append(": ")
                .append(starting.previousState().nameAsString())
                .append(" → ")
                .append(starting.currentState().nameAsString())
                .append(" (it boots on a new host)");
        return ReactionResult.executed(done.toString());
    }

    private ReactionResult notStartedYet(StringBuilder done, String state, Deadline deadline) {
        return ReactionResult.retryable(done + target.instanceId() + " was still " + state + " when the run's "
                + "deadline of " + deadline.timeout().toMillis() + " ms came; it was NOT started again. The next run "
                + "starts it once it is stopped; or start it by hand");
    }

    private Instance describe(Ec2Client ec2, Deadline deadline) {
        return ec2.describeInstances(
                        r -> r.instanceIds(target.instanceId()).overrideConfiguration(deadline.callTimeout()))
                .reservations()
                .getFirst()
                .instances()
                .getFirst();
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        String request = "POST " + endpoint() + "\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + target.accessKeyId() + "/<date>/"
                + target.region().id() + "/ec2/aws4_request, SignedHeaders=…, Signature=****\n\n";
        String form = "&Version=2016-11-15&InstanceId.1=" + target.instanceId();
        if (!AwsEc2ReactionType.STOP_START.equals(target.action())) {
            return Optional.of(request + "Action=RebootInstances" + form);
        }
        return Optional.of("1. " + request + "Action=StopInstances" + form + "\n\n"
                + "2. every " + pollInterval.toSeconds() + " s until " + target.instanceId() + " is stopped (within "
                + "the run's deadline), the same request with\nAction=DescribeInstances" + form + "\n\n"
                + "3. the same request with\nAction=StartInstances" + form);
    }

    private Ec2Client client(Duration timeout) {
        var builder = Ec2Client.builder()
                .region(target.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKeyId(), target.secretAccessKey())))
                // the per-call apiCallTimeout is the hard deadline; the socket timeout only bounds a stuck read
                .httpClientBuilder(AwsHttp.through(egress, timeout, timeout.plusSeconds(5)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return builder.build();
    }

    private URI endpoint() {
        return target.endpoint() != null
                ? target.endpoint()
                : URI.create("https://" + Ec2Client.serviceMetadata().endpointFor(target.region()) + "/");
    }

    private static boolean retryable(AwsServiceException e) {
        return e.statusCode() >= 500
                || e.statusCode() == 429
                || e.isThrottlingException()
                || RETRYABLE_CODES.contains(code(e));
    }

    private static String code(AwsServiceException e) {
        return Objects.requireNonNullElse(e.awsErrorDetails().errorCode(), "");
    }

    private String hint(AwsServiceException e) {
        return switch (e.statusCode() == 401 ? "AuthFailure" : code(e)) {
            case "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed" ->
                "\nCheck the instance ID and the region (" + target.region().id() + ")";
            case "UnauthorizedOperation" ->
                "\nThe IAM user of access key " + target.accessKeyId()
                        + " needs "
                        + (AwsEc2ReactionType.STOP_START.equals(target.action())
                                ? "ec2:StopInstances, ec2:DescribeInstances and ec2:StartInstances"
                                : "ec2:RebootInstances")
                        + " on " + target.instanceId();
            case "AuthFailure" ->
                "\nAWS refused access key " + target.accessKeyId()
                        + ": check the key ID and secret, and that the key is active";
            default -> "";
        };
    }

    /** The run's hard deadline; every EC2 call gets what is left of it as its own timeout. */
    private record Deadline(long atNanos, Duration timeout) {

        Duration remaining() {
            return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
        }

        /** What is left, at most {@code cap}; zero once the deadline has passed. */
        Duration remainingOr(Duration cap) {
            Duration left = remaining();
            return left.compareTo(cap) < 0 ? left : cap;
        }

        AwsRequestOverrideConfiguration callTimeout() {
            Duration left = remaining();
            return AwsRequestOverrideConfiguration.builder()
                    .apiCallTimeout(left.isZero() ? Duration.ofMillis(1) : left)
                    .build();
        }
    }
}
