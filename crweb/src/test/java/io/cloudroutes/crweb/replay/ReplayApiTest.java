package io.cloudroutes.crweb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replays through the REST API v1: a proposed reaction is recorded for an actioner to replay and never saved as a
 * reaction; days past the raw results' retention are a field error; once the actioner answered, the replay shows each
 * would-be run and a summary; another team finds none of it.
 */
class ReplayApiTest extends PeopleWithApiKeys {

    private static final String PROPOSED = """
            {"name":"page on-call","reactionType":"webhook","callOn":"FAILED","triggerCount":2,
             "frequencySeconds":3600,"days":3}""";

    private int reactions() {
        return jdbc.queryForObject("select count(*) from reactions", Integer.class);
    }

    @Test
    void aProposedReactionIsReplayedWithoutBeingSavedAndShowsWhatWouldHaveRun() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        int reactionsBefore = reactions();
        JsonNode asked = body(mvc.perform(as(aliceKey, post("/api/v1/monitors/" + monitorId + "/replays"))
                        .content(PROPOSED))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.replay.state").value("PENDING"))
                .andExpect(jsonPath("$.replay.reactionName").value("page on-call"))
                .andExpect(jsonPath("$.summary").value("Replaying 3 days of history…"))
                .andReturn());
        long id = asked.get("replay").get("id").asLong();
        assertThat(reactions()).isEqualTo(reactionsBefore);

        // what an actioner writes once it replayed the history (HistoryReplay and ReplayRunner in crbridge)
        jdbc.update(
                "update replay_requests set state = 'DONE', history_from = now() - interval '3 days', "
                        + "history_to = now(), results_replayed = 120, finished_at = now() where id = ?",
                id);
        String insert =
                "insert into replay_decisions (request_id, at, episode, step, from_status, to_status, held_for, "
                        + "reason, would_run, skip_reason) values (?, ?::timestamptz, ?, 1, 'HEALTHY', 'FAILED', 2, 'HTTP 503', ?, ?)";
        jdbc.update(insert, id, "2026-12-01T10:00:02Z", "job-1", true, null);
        jdbc.update(insert, id, "2026-12-01T10:20:02Z", "job-7", false, "ran less than 3600 s ago (frequency 3600 s)");
        jdbc.update(insert, id, "2026-12-02T08:00:02Z", "job-9", true, null);

        mvc.perform(as(aliceKey, get("/api/v1/replays/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replay.state").value("DONE"))
                .andExpect(jsonPath("$.wouldRun").value(2))
                .andExpect(
                        jsonPath("$.summary")
                                .value(
                                        "page on-call would have run 2 times in 3 days (once skipped), over 120 stored results."))
                .andExpect(jsonPath("$.replay.runs[1].skipReason").value("ran less than 3600 s ago (frequency 3600 s)"))
                .andExpect(jsonPath("$.replay.runs[2].episode").value("job-9"));

        mvc.perform(as(bobKey, get("/api/v1/replays/" + id))).andExpect(status().isNotFound());
        mvc.perform(as(bobKey, post("/api/v1/monitors/" + monitorId + "/replays"))
                        .content(PROPOSED))
                .andExpect(status().isNotFound());
    }

    @Test
    void daysPastTheRawResultsRetentionAndBadFieldsAreFieldErrorsAndRecordNothing() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        int replaysBefore = jdbc.queryForObject("select count(*) from replay_requests", Integer.class);
        mvc.perform(as(aliceKey, post("/api/v1/monitors/" + monitorId + "/replays"))
                        .content("""
                        {"reactionType":"nope","callOn":"SOMETIMES","triggerCount":0,"days":8}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.days")
                        .value("replay reaches back 1 to 7 days: raw check results are kept for 7 days "
                                + "(CLOUDROUTES_RETENTION_RAW_RESULTS_DAYS); choose fewer days"))
                .andExpect(jsonPath("$.fields.reactionType").value("choose a reaction type (such as webhook or email)"))
                .andExpect(jsonPath("$.fields.callOn").value("choose FAILED, HEALTHY or BOTH"))
                .andExpect(jsonPath("$.fields.triggerCount").value("between 1 and 1000 results"));
        assertThat(jdbc.queryForObject("select count(*) from replay_requests", Integer.class))
                .isEqualTo(replaysBefore);
    }
}
