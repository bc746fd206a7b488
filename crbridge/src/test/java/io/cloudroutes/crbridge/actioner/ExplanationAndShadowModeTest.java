package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why a run ran is kept with it (the results and votes behind the transition, the rule, each admission verdict), and a
 * team in shadow mode has its runs recorded WOULD_RUN with their dry run while nothing acts. Against real PostgreSQL,
 * Redis, SMTP and an HTTP receiver on loopback, with the application's clock held still.
 */
class ExplanationAndShadowModeTest extends ActionerOnTestClock {

    private static final Instant CLOCK = Instant.parse("2026-11-25T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void theClockAtItsStart() {
        clock.set(CLOCK);
    }

    /** A failover that opens an incident on the receiver (a restoring type: its recovery would resolve it). */
    private ReactionConfig failover() {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "open an incident", "pagerduty");
        reaction.setSettings(
                Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", receiver.url("/pagerduty")));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setDisruptive(true);
        reaction.setFrequencySeconds(300);
        return reactions.save(reaction);
    }

    private ReactionConfig emailOnCall(int step, int waitSeconds) {
        ReactionConfig mail =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "tell on-call", "email");
        mail.setSettings(Map.of("to", "oncall@example.com"));
        mail.setCallOn(CallOn.FAILED);
        mail.setEscalationStep(step);
        mail.setEscalationWaitSeconds(waitSeconds);
        return reactions.save(mail);
    }

    private void reportFrom(Monitor monitor, String zone, Status status, String reason) {
        ActionerInfrastructure.appendAndAwaitHandled(
                fixtures.redis(),
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        zone,
                        "worker",
                        status,
                        reason,
                        3,
                        System.currentTimeMillis()));
    }

    private JsonNode jobExplanation(Monitor monitor, ReactionConfig reaction, String kind) {
        return JSON.readTree(jdbc.queryForObject(
                "select explanation::text from reaction_jobs where monitor_id = ? and reaction_id = ? and kind = ? "
                        + "order by id desc limit 1",
                String.class,
                monitor.getId(),
                reaction.getId(),
                kind));
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    private void shadowMode(boolean on) {
        jdbc.update("update teams set shadow_mode = ? where id = ?", on, fixtures.teamId());
    }

    @Test
    void aRunKeepsTheVotesTheRuleAndTheVerdictThatMadeItRun() {
        ReactionConfig failover = failover();
        Monitor api = fixtures.monitor("api", failover); // MAJORITY: FAILED once more than half the zones fail
        reportFrom(api, "eu-west", Status.HEALTHY, "HTTP 200");
        reportFrom(api, "us-east", Status.HEALTHY, "HTTP 200");
        reportFrom(api, "ap-south", Status.HEALTHY, "HTTP 200");
        reportFrom(api, "us-east", Status.FAILED, "HTTP 502 from 203.0.113.7");
        reportFrom(api, "ap-south", Status.FAILED, "timeout after 5 s");

        assertThat(runLog.await(api, failover, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        JsonNode why = jobExplanation(api, failover, "RUN");
        JsonNode decision = why.get("decision");
        assertThat(decision.get("from").asString()).isEqualTo("HEALTHY");
        assertThat(decision.get("to").asString()).isEqualTo("FAILED");
        assertThat(decision.get("zone").asString()).isEqualTo("ap-south");
        assertThat(decision.get("reason").asString()).isEqualTo("timeout after 5 s");
        JsonNode votes = decision.get("votes");
        assertThat(votes.get("quorum").asString()).isEqualTo("MAJORITY");
        assertThat(votes.get("healthy").asInt()).isEqualTo(1);
        assertThat(votes.get("failed").asInt()).isEqualTo(2);
        assertThat(votes.get("failThreshold").asInt()).isEqualTo(1);
        assertThat(votes.get("zones"))
                .extracting(z -> z.get("zone").asString() + " "
                        + z.get("status").asString() + " " + z.get("voting").asBoolean() + " "
                        + z.get("reason").asString())
                .containsExactly(
                        "eu-west HEALTHY true HTTP 200",
                        "us-east FAILED true HTTP 502 from 203.0.113.7",
                        "ap-south FAILED true timeout after 5 s");
        JsonNode rule = why.get("rule");
        assertThat(rule.get("callOn").asString()).isEqualTo("FAILED");
        assertThat(rule.get("triggerCount").asInt()).isEqualTo(1);
        assertThat(rule.get("frequencySeconds").asInt()).isEqualTo(300);
        assertThat(rule.get("escalationStep").asInt()).isEqualTo(1);
        assertThat(rule.get("kind").asString()).isEqualTo("RUN");
        assertThat(rule.get("disruptive").asBoolean()).isTrue();
        assertThat(why.get("admissions"))
                .extracting(a ->
                        a.get("verdict").asString() + " " + a.get("atMillis").asLong())
                .containsExactly("RUN " + CLOCK.toEpochMilli());
        // the transition's event keeps the same votes
        JsonNode event = JSON.readTree(jdbc.queryForObject(
                "select explanation::text from events where monitor_id = ? and to_status = 'FAILED'",
                String.class,
                api.getId()));
        assertThat(event.get("votes").get("zones")).hasSize(3);
    }

    @Test
    void aZonesLongReasonIsCutBetweenCharactersSoTheDecisionStaysReadable() {
        ReactionConfig failover = failover();
        Monitor api = fixtures.monitor("api", failover);
        fixtures.report(api, Status.HEALTHY, "up");
        String longReason = "x".repeat(299) + "\u2026 \u00e9"; // the 300th byte is inside the ellipsis
        fixtures.report(api, Status.FAILED, longReason);

        assertThat(runLog.await(api, failover, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        JsonNode decision = jobExplanation(api, failover, "RUN").get("decision");
        assertThat(decision.get("reason").asString()).isEqualTo(longReason);
        assertThat(decision.get("votes").get("zones").get(0).get("reason").asString())
                .isEqualTo("x".repeat(299));
    }

    @Test
    void aSkippedRunSaysWhyInItsExplanation() {
        ReactionConfig failover = failover();
        Monitor api = fixtures.monitor("api", failover);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");
        fixtures.report(api, Status.HEALTHY, "up");
        clock.set(CLOCK.plusSeconds(60));
        fixtures.report(api, Status.FAILED, "HTTP 503");

        List<ReactionRun> runs = runLog.await(api, failover, 3); // the failover, its restore, the second failure's
        assertThat(runs).extracting(ReactionRun::getOutcome).contains(ReactionOutcome.SKIPPED);
        JsonNode admission =
                jobExplanation(api, failover, "RUN").get("admissions").get(0);
        assertThat(admission.get("verdict").asString()).isEqualTo("SKIPPED");
        assertThat(admission.get("reason").asString()).isEqualTo("ran less than 300 s ago (frequency 300 s)");
        assertThat(admission.get("atMillis").asLong())
                .isEqualTo(CLOCK.plusSeconds(60).toEpochMilli());
    }

    @Test
    void aShadowTeamsFailoverIsRecordedAsWouldRunAndNothingActsOrIsRestored() {
        shadowMode(true);
        ReactionConfig failover = failover();
        ReactionConfig mail = emailOnCall(1, 0);
        Monitor api = fixtures.monitor("api", failover, mail);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");

        ReactionRun wouldFailOver = runLog.await(api, failover, 1).getFirst();
        assertThat(wouldFailOver.getOutcome()).isEqualTo(ReactionOutcome.WOULD_RUN);
        assertThat(wouldFailOver.getOutput())
                .startsWith(ShadowRuns.PREFIX)
                .contains("POST " + receiver.url("/pagerduty"));
        ReactionRun wouldMail = runLog.await(api, mail, 1).getFirst();
        assertThat(wouldMail.getOutcome()).isEqualTo(ReactionOutcome.WOULD_RUN);
        assertThat(wouldMail.getOutput()).startsWith(ShadowRuns.PREFIX).contains("oncall@example.com");
        assertThat(jobExplanation(api, failover, "RUN")
                        .get("admissions")
                        .get(0)
                        .get("verdict")
                        .asString())
                .isEqualTo("WOULD_RUN");

        fixtures.report(api, Status.HEALTHY, "HTTP 200");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count(
                                "select count(*) from reaction_jobs where monitor_id = ? and finished_at is null",
                                api.getId())
                        == 0);
        assertThat(count("select count(*) from reaction_jobs where monitor_id = ? and kind = 'RESTORE'", api.getId()))
                .isZero(); // nothing acted, so nothing is undone
        assertThat(runLog.of(api, failover)).hasSize(1);
        assertThat(receiver.hits("/pagerduty")).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        // no frequency slot was taken: live again, the next failure fails over at once
        shadowMode(false);
        clock.set(CLOCK.plusSeconds(10));
        fixtures.report(api, Status.FAILED, "HTTP 502");
        assertThat(runLog.await(api, failover, 2).get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.hits("/pagerduty") == 1);
    }

    @Test
    void switchingShadowModeOffMidEpisodeFiresNoneOfItsLaterSteps() {
        shadowMode(true);
        ReactionConfig failover = failover();
        ReactionConfig mail = emailOnCall(2, 1);
        Monitor api = fixtures.monitor("api", failover, mail);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");
        assertThat(runLog.await(api, failover, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.WOULD_RUN);

        shadowMode(false); // before step 2's wait ends
        assertThat(runLog.await(api, mail, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.WOULD_RUN);
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(receiver.hits("/pagerduty")).isZero();
    }
}
