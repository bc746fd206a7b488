package io.cloudroutes.reactions.route53;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.AwsHttp;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.RecordValues;
import io.cloudroutes.reactions.support.TransitionText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** UPSERTs one record set with ChangeResourceRecordSets: the failover values on FAILED, the primary ones on HEALTHY. */
final class Route53Reaction implements Reaction {

    /** Error codes that mean "try again later" although Route 53 answers them with HTTP 400. */
    private static final Set<String> BUSY = Set.of(
            "Throttling",
            "ThrottlingException",
            "PriorRequestNotComplete",
            "RequestLimitExceeded",
            "ServiceUnavailable");

    private final Route53Config config;
    private final Egress egress;

    Route53Reaction(Route53Config config, Egress egress) {
        this.egress = egress;
        this.config = config;
    }

    private Optional<List<String>> valuesFor(Status to) {
        return RecordValues.forStatus(to, config.failoverValues(), config.primaryValues());
    }

    /** The change comment Route 53 keeps with the change, for whoever audits the zone later. */
    static String comment(StatusChanged change) {
        String comment = "CloudRoutes: monitor " + change.monitorName() + " is " + change.to();
        return comment.length() <= 256 ? comment : comment.substring(0, 256);
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Optional<List<String>> values = valuesFor(change.to());
        if (values.isEmpty()) {
            return ReactionResult.skipped(
                    "the monitor is " + change.to() + ": the record changes only on FAILED and HEALTHY");
        }
        String what = config.recordName() + " " + config.recordType() + " in hosted zone " + config.hostedZoneId();
        try (Route53Client client = client(timeout)) {
            ChangeInfo info = client.changeResourceRecordSets(request -> request.hostedZoneId(config.hostedZoneId())
                            .changeBatch(batch -> batch.comment(comment(change))
                                    .changes(Change.builder()
                                            .action(ChangeAction.UPSERT)
                                            .resourceRecordSet(recordSet(values.get()))
                                            .build())))
                    .changeInfo();
            return ReactionResult.executed("set " + config.recordName() + " " + config.recordType() + " (TTL "
                    + config.ttl() + ") to " + RecordValues.side(change.to()) + ": " + String.join(", ", values.get())
                    + " in hosted zone " + config.hostedZoneId() + "\nchange " + info.id() + " is "
                    + info.statusAsString() + " (submitted " + info.submittedAt() + ")");
        } catch (InvalidChangeBatchException e) {
            String messages =
                    e.messages() == null || e.messages().isEmpty() ? message(e) : String.join("; ", e.messages());
            return ReactionResult.failed("Route 53 rejected the change to " + what + ": HTTP " + e.statusCode()
                    + " InvalidChangeBatch: " + messages);
        } catch (Route53Exception e) {
            return failure(e, what);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return ReactionResult.retryable("no answer from " + config.endpoint() + " within " + timeout.toMillis()
                    + " ms while changing " + what);
        } catch (SdkClientException e) {
            EgressRefusedException refused = HttpCalls.refusal(e);
            if (refused != null) {
                return ReactionResult.failed(
                        "could not reach " + config.endpoint() + " to change " + what + ": " + refused.getMessage());
            }
            return ReactionResult.retryable("could not reach " + config.endpoint() + " to change " + what + ": "
                    + TransitionText.excerpt(e.getMessage(), 300));
        }
    }

    private ReactionResult failure(Route53Exception e, String what) {
        String code = e.awsErrorDetails() == null
                ? ""
                : String.valueOf(e.awsErrorDetails().errorCode());
        String answer = "HTTP " + e.statusCode() + " " + code + ": " + message(e);
        if (BUSY.contains(code) || e.statusCode() >= 500) {
            return ReactionResult.retryable("Route 53 could not take the change to " + what + " now (" + answer + ")");
        }
        String hint = switch (code) {
            case "NoSuchHostedZone" -> "; check the hosted zone ID";
            case "AccessDenied", "AccessDeniedException" ->
                "; the IAM policy of access key " + config.accessKeyId()
                        + " must allow route53:ChangeResourceRecordSets on hostedzone/" + config.hostedZoneId();
            case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException" ->
                "; check the access key ID " + config.accessKeyId() + " and its secret access key";
            default -> "";
        };
        return ReactionResult.failed("Route 53 refused the change to " + what + ": " + answer + hint);
    }

    private static String message(Route53Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? TransitionText.excerpt(e.awsErrorDetails().errorMessage(), 500)
                : TransitionText.excerpt(e.getMessage(), 500);
    }

    private ResourceRecordSet recordSet(List<String> values) {
        return ResourceRecordSet.builder()
                .name(config.recordName())
                .type(config.recordType())
                .ttl(config.ttl())
                .resourceRecords(values.stream()
                        .map(v -> ResourceRecord.builder().value(v).build())
                        .toList())
                .build();
    }

    /** A client for one run: its timeouts are this run's deadline, and it never retries (the actioner does). */
    private Route53Client client(Duration timeout) {
        // Route 53 is global: aws-global resolves to route53.amazonaws.com signed for us-east-1; an overridden
        // endpoint keeps the region it is given for signing, so it gets us-east-1 directly.
        Route53ClientBuilder builder = Route53Client.builder()
                .region(config.endpointOverride() == null ? Region.AWS_GLOBAL : Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
                // the apiCallTimeout is the hard deadline; the socket timeout only bounds a stuck read
                .httpClientBuilder(AwsHttp.through(egress, timeout, timeout.plusSeconds(5)))
                .overrideConfiguration(c -> c.apiCallTimeout(timeout).retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        return builder.build();
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return valuesFor(change.to())
                .map(values -> "POST " + config.endpoint() + "/2013-04-01/hostedzone/"
                        + config.hostedZoneId() + "/rrset/\n"
                        + "Authorization: AWS4-HMAC-SHA256 Credential=" + config.accessKeyId()
                        + "/<date>/us-east-1/route53/aws4_request, SignedHeaders=…, Signature=**** (secret access key ****)\n"
                        + "Content-Type: application/xml\n\n"
                        + RequestXml.changeResourceRecordSets(
                                comment(change), config.recordName(), config.recordType(), config.ttl(), values));
    }
}
