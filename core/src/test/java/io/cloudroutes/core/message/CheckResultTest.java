package io.cloudroutes.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each kind of observation is made of, and which sendings of it share an id (see {@link ResultIds}). */
class CheckResultTest {

    private final CheckJob job = new CheckJob("job-1", 7, "http", Map.of(), 5_000, 1_000, 1_001, "eu-west");

    @Test
    void aWorkersResultCarriesItsJobsIdAndVotesUnlessItAbstains() {
        CheckResult checked = CheckResult.checked(job, "eu-west", "w1", Status.FAILED, "HTTP 503", 12, 1_002);
        assertThat(checked)
                .isEqualTo(new CheckResult("job-1", 7, Status.FAILED, "HTTP 503", 12, "eu-west", "w1", 1_002, false));
        assertThat(CheckResult.abstained(job, "eu-west", "w1", Status.FAILED, "not run", 0, 1_002))
                .isEqualTo(new CheckResult("job-1", 7, Status.FAILED, "not run", 0, "eu-west", "w1", 1_002, true));
        assertThat(ResultIds.newJob()).isNotEqualTo(ResultIds.newJob());
    }

    @Test
    void aPushedResultIsInTheWebhookZoneAndARetryOfTheSameDeliveryHasTheSameId() {
        CheckResult first = CheckResult.pushed("datadog", 42, "4242", Status.FAILED, "Datadog Triggered", 5);
        CheckResult retry = CheckResult.pushed("datadog", 42, "4242", Status.FAILED, "Datadog Triggered", 9);
        assertThat(first)
                .isEqualTo(new CheckResult(
                        "datadog:42:4242", 42, Status.FAILED, "Datadog Triggered", 0, "webhook", "datadog", 5, false));
        assertThat(retry.resultId()).isEqualTo(first.resultId());
        assertThat(first.zone()).isEqualTo(ZoneNames.WEBHOOK);

        CheckResult unnamed = CheckResult.pushed("webhook", 42, ResultIds.newDelivery(), Status.HEALTHY, "ok", 5);
        CheckResult another = CheckResult.pushed("webhook", 42, ResultIds.newDelivery(), Status.HEALTHY, "ok", 5);
        assertThat(unnamed.resultId()).startsWith("webhook:42:").isNotEqualTo(another.resultId());
    }

    @Test
    void eachPingIsANewObservationAndALateDeadlineIsTheSameInEveryActioner() {
        CheckResult ping = CheckResult.pinged(42, Status.HEALTHY, "ping received", 5);
        assertThat(ping.resultId())
                .startsWith("ping:42:")
                .isNotEqualTo(CheckResult.pinged(42, Status.HEALTHY, "ping received", 5)
                        .resultId());
        assertThat(ping.zone()).isEqualTo(ZoneNames.HEARTBEAT);
        assertThat(ping.source()).isEqualTo(CheckResult.PING_SOURCE);
        assertThat(ping.missedDeadline()).isFalse();

        CheckResult late = CheckResult.late(42, 1_700_000_000_000L, "no ping");
        assertThat(late)
                .isEqualTo(new CheckResult(
                        "late:42:1700000000000",
                        42,
                        Status.FAILED,
                        "no ping",
                        0,
                        "heartbeat",
                        "deadline",
                        1_700_000_000_000L,
                        false));
        assertThat(CheckResult.late(42, 1_700_000_000_000L, "other words")).isEqualTo(late.withReason("other words"));
        assertThat(late.missedDeadline()).isTrue();
    }

    @Test
    void aStoredResultKeepsItsOwnIdAndOneKeptWithoutGetsTheSameIdInEveryReplay() {
        CheckResult kept =
                CheckResult.stored("job-7", 42, Status.FAILED, "HTTP 502", 12, "eu-west", "history", 1_000L, true);
        assertThat(kept)
                .isEqualTo(new CheckResult(
                        "job-7", 42, Status.FAILED, "HTTP 502", 12, "eu-west", "history", 1_000L, true));

        CheckResult older =
                CheckResult.stored(null, 42, Status.HEALTHY, "HTTP 200", 9, "eu-west", "history", 1_000L, false);
        assertThat(older.resultId()).isEqualTo("history:42:eu-west:1000");
        assertThat(CheckResult.stored(null, 42, Status.HEALTHY, "HTTP 200", 9, "eu-west", "history", 1_000L, false))
                .isEqualTo(older);
        assertThat(CheckResult.stored(null, 42, Status.HEALTHY, "HTTP 200", 9, "us-east", "history", 1_000L, false)
                        .resultId())
                .isNotEqualTo(older.resultId());
    }
}
