package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The check after a run through the API: a reaction's {@code verifyWithinSeconds} is set, kept when left out, cleared
 * with null, and a bad value is a field error that changes nothing; a monitor's run log lists each run's checks with
 * their outcome, what was seen and what the escalation did.
 */
class VerifyAfterReactSettingTest extends PeopleWithApiKeys {

    private long webhook(String body) throws Exception {
        return body(mvc.perform(as(aliceKey, post("/api/v1/reactions")).content(body))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
    }

    @Test
    void aReactionSaysWithinHowManySecondsItsMonitorMustRecover() throws Exception {
        long id = webhook("""
                {"name":"restart","reactionType":"webhook","callOn":"FAILED","verifyWithinSeconds":120,
                 "settings":{"url":"https://hooks.example.com/restart"}}""");
        mvc.perform(as(aliceKey, get("/api/v1/reactions/" + id)))
                .andExpect(jsonPath("$.verifyWithinSeconds").value(120));
        // left out keeps it
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"name\":\"restart api\"}"))
                .andExpect(jsonPath("$.verifyWithinSeconds").value(120));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"verifyWithinSeconds\":5}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.verifyWithinSeconds", containsString("between 10 and 86400 seconds")));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"verifyWithinSeconds\":\"soon\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.verifyWithinSeconds", containsString("or null for no check")));
        mvc.perform(as(aliceKey, get("/api/v1/reactions/" + id)))
                .andExpect(jsonPath("$.verifyWithinSeconds").value(120));
        // null switches the check off
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"verifyWithinSeconds\":null}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verifyWithinSeconds").value(nullValue()));
    }

    @Test
    void theRunLogShowsEachChecksOutcomeAndWhatTheEscalationDid() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        long reactionId = webhook("""
                {"name":"restart","reactionType":"webhook","callOn":"FAILED","verifyWithinSeconds":60,
                 "settings":{"url":"https://hooks.example.com/restart"}}""");
        Instant ran = Instant.parse("2026-11-25T03:00:00Z");
        // what the actioner records: the run, its job, and the check it resolved
        Long runId = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, outcome, output, started_at, "
                        + "finished_at, attempts, restore) values (?, ?, 'restart', 'EXECUTED', 'HTTP 200', ?, ?, 1, "
                        + "false) returning id",
                Long.class,
                monitorId,
                reactionId,
                Timestamp.from(ran),
                Timestamp.from(ran));
        Long jobId = jdbc.queryForObject(
                "insert into reaction_jobs (monitor_id, reaction_id, episode, kind, escalation_step, to_status, "
                        + "held_for, change, not_before, finished_at, outcome, run_id) values (?, ?, 'e1', 'RUN', 1, "
                        + "'FAILED', 1, '{}', now(), now(), 'EXECUTED', ?) returning id",
                Long.class,
                monitorId,
                reactionId,
                runId);
        jdbc.update(
                "insert into reaction_verifications (job_id, run_id, monitor_id, kind, planned_at, due_at, outcome, "
                        + "detail, resolved_at, escalation) values (?, ?, ?, 'RECOVERY', ?, ?, 'FAILED', "
                        + "'api did not recover within 60 s of the run', ?, 'escalation step 2 due at once')",
                jobId,
                runId,
                monitorId,
                Timestamp.from(ran),
                Timestamp.from(ran.plusSeconds(60)),
                Timestamp.from(ran.plusSeconds(60)));

        JsonNode run = body(mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/reaction-runs")))
                        .andExpect(status().isOk())
                        .andReturn())
                .get("items")
                .get(0);
        JsonNode check = run.get("verifications").get(0);
        assertThat(check.get("kind").asString()).isEqualTo("RECOVERY");
        assertThat(check.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(check.get("dueAt").asString()).isEqualTo("2026-11-25T03:01:00Z");
        assertThat(check.get("detail").asString()).isEqualTo("api did not recover within 60 s of the run");
        assertThat(check.get("escalation").asString()).isEqualTo("escalation step 2 due at once");
        // another team's key sees nothing of it
        mvc.perform(as(bobKey, get("/api/v1/monitors/" + monitorId + "/reaction-runs")))
                .andExpect(status().isNotFound());
    }
}
