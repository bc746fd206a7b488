package io.cloudroutes.crweb.run;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * A reaction run's page and its API answer, as the actioner leaves the run in PostgreSQL: the transition and the
 * result behind it, each zone's vote with its time and reason, the quorum rule and counts, the reaction's rule, the
 * hold it waited in and each admission verdict, and the attempts. Another team's run is not found.
 */
class ReactionRunPageTest extends SignedInPeople {

    static final Instant FAILED_AT = Instant.parse("2026-11-25T03:00:00Z");

    Monitor api;
    long runId;
    long heldRunId;

    /** Explanation JSON in the shape the actioner writes (crbridge RunExplanations), for a failover held then run. */
    static String jobExplanation() {
        long at = FAILED_AT.toEpochMilli();
        return """
                {"decision": {"episode": "r-1", "from": "HEALTHY", "to": "FAILED", "transitioned": true, "heldFor": 1,
                  "zone": "ap-south", "reason": "timeout after 5 s", "checkedAtMillis": %d, "latencyMillis": 5000,
                  "resultId": "r-1", "override": "", "flapping": false,
                  "votes": {"quorum": "MAJORITY", "healthy": 1, "failed": 2, "voteWindowMillis": 120000,
                    "failThreshold": 2, "recoverThreshold": 1, "nowMillis": %d, "maintenance": false,
                    "zones": [
                      {"zone": "eu-west", "status": "HEALTHY", "atMillis": %d, "abstaining": false, "voting": true,
                       "reason": "HTTP 200"},
                      {"zone": "us-east", "status": "FAILED", "atMillis": %d, "abstaining": false, "voting": true,
                       "reason": "HTTP 502 from 203.0.113.7"},
                      {"zone": "ap-south", "status": "FAILED", "atMillis": %d, "abstaining": false, "voting": true,
                       "reason": "timeout after 5 s"}]}},
                 "rule": {"kind": "RUN", "reactionType": "pagerduty", "callOn": "FAILED", "triggerCount": 1,
                  "heldFor": 1, "frequencySeconds": 300, "escalationStep": 1, "escalationWaitSeconds": 0,
                  "disruptive": true},
                 "admissions": [
                  {"atMillis": %d, "verdict": "HELD", "reason": "held: 4 of 10 monitors FAILED within 5 min",
                   "heldKind": "BREAKER"},
                  {"atMillis": %d, "verdict": "RUN", "releasedBy": "alice@example.com"}],
                 "released": ["BREAKER"]}
                """.formatted(at + 5000, at + 5100, at - 20_000, at - 10_000, at + 5000, at + 6000, at + 250_000);
    }

    @BeforeEach
    void aFailoverHeldThenReleasedAndRun() {
        api = aliceMonitor();
        ReactionConfig failover = new ReactionConfig(api.getTeamId(), aliceAccount.getId(), "fail over", "pagerduty");
        failover.setSettings(Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12"));
        failover = reactions.save(failover);
        Long eventId = jdbc.queryForObject(
                "insert into events (monitor_id, from_status, to_status, reason, zone, occurred_at, episode) "
                        + "values (?, 'HEALTHY', 'FAILED', 'timeout after 5 s', 'ap-south', ?, 'r-1') returning id",
                Long.class,
                api.getId(),
                Timestamp.from(FAILED_AT));
        heldRunId = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, event_id, outcome, output, "
                        + "started_at, finished_at, attempts, restore) values (?, ?, 'fail over', ?, 'HELD', "
                        + "'held: 4 of 10 monitors FAILED within 5 min', ?, ?, 0, false) returning id",
                Long.class,
                api.getId(),
                failover.getId(),
                eventId,
                Timestamp.from(FAILED_AT.plusSeconds(6)),
                Timestamp.from(FAILED_AT.plusSeconds(6)));
        runId = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, event_id, outcome, output, "
                        + "started_at, finished_at, attempts, restore) values (?, ?, 'fail over', ?, 'EXECUTED', "
                        + "'held, now run: released by alice@example.com; HTTP 202', ?, ?, 1, false) returning id",
                Long.class,
                api.getId(),
                failover.getId(),
                eventId,
                Timestamp.from(FAILED_AT.plusSeconds(250)),
                Timestamp.from(FAILED_AT.plusSeconds(251)));
        Long jobId = jdbc.queryForObject(
                "insert into reaction_jobs (monitor_id, reaction_id, event_id, episode, kind, escalation_step, "
                        + "to_status, held_for, change, run_id, outcome, finished_at, held_kind, held_reason, held_at, "
                        + "released_by, released_at, explanation) values (?, ?, ?, 'r-1', 'RUN', 1, 'FAILED', 1, '{}', "
                        + "?, 'EXECUTED', ?, 'BREAKER', 'held: 4 of 10 monitors FAILED within 5 min', ?, "
                        + "'alice@example.com', ?, cast(? as jsonb)) returning id",
                Long.class,
                api.getId(),
                failover.getId(),
                eventId,
                runId,
                Timestamp.from(FAILED_AT.plusSeconds(251)),
                Timestamp.from(FAILED_AT.plusSeconds(6)),
                Timestamp.from(FAILED_AT.plusSeconds(249)),
                jobExplanation());
        jdbc.update(
                "insert into reaction_attempts (run_id, job_id, attempt, outcome, retryable, output, started_at, "
                        + "finished_at) values (?, ?, 1, 'EXECUTED', false, 'HTTP 202', ?, ?)",
                runId,
                jobId,
                Timestamp.from(FAILED_AT.plusSeconds(250)),
                Timestamp.from(FAILED_AT.plusSeconds(251)));
    }

    @Test
    void theRunsPageShowsTheZonesTimesReasonsQuorumRuleAndHolds() throws Exception {
        mvc.perform(get("/monitors/" + api.getId()).with(alice))
                .andExpect(content().string(containsString("href=\"/runs/" + runId + "\"")));
        mvc.perform(get("/runs/" + runId).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2026-11-25 03:00:05 UTC"))) // the result behind it
                .andExpect(content().string(containsString("in zone <strong>ap-south</strong>")))
                .andExpect(content().string(containsString("<td>us-east</td>")))
                .andExpect(content().string(containsString("<td>HTTP 502 from 203.0.113.7</td>")))
                .andExpect(content().string(containsString("2026-11-25 02:59:50 UTC"))) // us-east's last result
                .andExpect(content().string(containsString("MAJORITY: FAILED when more than half")))
                .andExpect(content().string(containsString("2 voting zone(s) FAILED, 1 HEALTHY")))
                .andExpect(content().string(containsString("at most once in 300 s")))
                .andExpect(content().string(containsString("RUN, disruptive")))
                .andExpect(content().string(containsString("Held by <strong>BREAKER</strong>")))
                .andExpect(content().string(containsString("held: 4 of 10 monitors FAILED within 5 min")))
                .andExpect(content().string(containsString("(released by alice@example.com)")))
                .andExpect(content().string(containsString("<pre>HTTP 202</pre>")));
        // the HELD row of the same run shows the same explanation
        mvc.perform(get("/runs/" + heldRunId).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td>ap-south</td>")))
                .andExpect(content().string(containsString("Held by <strong>BREAKER</strong>")));
    }

    @Test
    void theApiAnswersTheSameExplanation() throws Exception {
        String key = TestInfrastructure.apiKey(mvc, alice);
        mvc.perform(get("/api/v1/reaction-runs/" + runId).header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("EXECUTED"))
                .andExpect(jsonPath("$.monitorName").value("alice's api"))
                .andExpect(jsonPath("$.explanation.decision.zone").value("ap-south"))
                .andExpect(jsonPath("$.explanation.decision.votes.quorum").value("MAJORITY"))
                .andExpect(jsonPath("$.explanation.decision.votes.failed").value(2))
                .andExpect(
                        jsonPath("$.explanation.decision.votes.zones[1].zone").value("us-east"))
                .andExpect(
                        jsonPath("$.explanation.decision.votes.zones[1].reason").value("HTTP 502 from 203.0.113.7"))
                .andExpect(jsonPath("$.explanation.rule.callOn").value("FAILED"))
                .andExpect(jsonPath("$.explanation.rule.frequencySeconds").value(300))
                .andExpect(jsonPath("$.explanation.admissions[0].verdict").value("HELD"))
                .andExpect(jsonPath("$.explanation.released[0]").value("BREAKER"))
                .andExpect(jsonPath("$.hold.kind").value("BREAKER"))
                .andExpect(jsonPath("$.hold.releasedBy").value("alice@example.com"))
                .andExpect(jsonPath("$.attemptList[0].output").value("HTTP 202"));
    }

    @Test
    void anotherTeamsRunIsNotFound() throws Exception {
        mvc.perform(get("/runs/" + runId).with(bob)).andExpect(status().isNotFound());
        String bobsKey = TestInfrastructure.apiKey(mvc, bob);
        mvc.perform(get("/api/v1/reaction-runs/" + runId).header(HttpHeaders.AUTHORIZATION, "Bearer " + bobsKey))
                .andExpect(status().isNotFound());
    }
}
