package io.cloudroutes.reactions.cloudflare;

import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.RecordValues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deletes the failed site's record on FAILED, never the last record of the name, and creates it again on HEALTHY
 * unless it is already there; both sides are idempotent.
 */
final class CloudflareReaction implements Reaction {

    private final CloudflareConfig config;
    private final CloudflareApi api;

    CloudflareReaction(CloudflareConfig config, ReactionHttp http) {
        this.config = config;
        this.api = new CloudflareApi(config, http);
    }

    private String record() {
        return config.recordName() + " " + config.recordType() + " " + config.failedContent();
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            return switch (change.to()) {
                case FAILED -> remove(deadline);
                case HEALTHY -> restore(deadline);
                case UNKNOWN ->
                    ReactionResult.skipped("the monitor is UNKNOWN: the record changes only on FAILED and HEALTHY");
            };
        } catch (CloudflareApi.Failure e) {
            return e.result();
        }
    }

    private ReactionResult remove(Instant deadline) throws CloudflareApi.Failure {
        List<DnsRecord> records = api.list(deadline);
        List<DnsRecord> failed = records.stream().filter(this::isFailedSite).toList();
        List<String> others = records.stream()
                .filter(r -> !isFailedSite(r))
                .map(DnsRecord::content)
                .toList();
        if (failed.isEmpty()) {
            return ReactionResult.executed(record() + " is already absent from zone " + config.zoneId()
                    + "; the name answers " + answers(others));
        }
        if (others.isEmpty()) {
            // Deleting the last record would leave the name with no answer at all: worse than a failed site.
            return ReactionResult.failed("refusing to delete " + record() + ": it is the last " + config.recordType()
                    + " record of " + config.recordName() + " and the name would have no answer; add a record for a "
                    + "standby site to the zone first");
        }
        for (DnsRecord record : failed) {
            api.delete(record.id(), deadline);
        }
        return ReactionResult.executed("deleted " + record() + " (record "
                + String.join(", ", failed.stream().map(DnsRecord::id).toList()) + ") from zone " + config.zoneId()
                + "; the name answers " + answers(others));
    }

    private ReactionResult restore(Instant deadline) throws CloudflareApi.Failure {
        Optional<DnsRecord> present =
                api.list(deadline).stream().filter(this::isFailedSite).findFirst();
        if (present.isPresent()) {
            return ReactionResult.executed(record() + " is already present in zone " + config.zoneId() + " (record "
                    + present.get().id() + "); nothing to do");
        }
        DnsRecord created = api.create(deadline);
        return ReactionResult.executed("created " + record() + " (TTL " + (config.ttl() == 1 ? "auto" : config.ttl())
                + ", " + (config.proxied() ? "proxied" : "not proxied") + ") as record " + created.id() + " in zone "
                + config.zoneId());
    }

    private boolean isFailedSite(DnsRecord record) {
        return record.type().equals(config.recordType())
                && RecordValues.same(config.recordType(), record.content(), config.failedContent());
    }

    private static String answers(List<String> contents) {
        return contents.isEmpty() ? "nothing" : String.join(", ", contents);
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        String list = "GET " + api.url(api.listPath()) + "\nAuthorization: Bearer ****\n";
        return switch (change.to()) {
            case FAILED ->
                Optional.of(list + "\nthen, for each listed record with content " + config.failedContent()
                        + ", unless no other " + config.recordType() + " record of " + config.recordName()
                        + " remains:\n"
                        + "DELETE " + api.url(api.recordsPath()) + "/{record id}\nAuthorization: Bearer ****\n");
            case HEALTHY ->
                Optional.of(list + "\nthen, unless a listed record has content " + config.failedContent()
                        + ":\nPOST " + api.url(api.recordsPath()) + "\nAuthorization: Bearer ****\n"
                        + "Content-Type: application/json\n\n" + api.createBody());
            case UNKNOWN -> Optional.empty();
        };
    }
}
