package io.cloudroutes.crweb.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * A reaction's approval settings through the API, with field errors for wrong ones, and approving or denying a run
 * held for approval by its job id: once, by keys of its own team only.
 */
class HeldRunApiTest extends PeopleWithApiKeys {

    @Autowired
    PlatformTransactionManager transactions;

    private JsonNode failoverNeedingApproval(String key) throws Exception {
        return body(mvc.perform(as(key, post("/api/v1/reactions")).content("""
                        {"name":"fail over","reactionType":"webhook","callOn":"FAILED",
                         "approvalRequired":true,"approvalTimeoutSeconds":900,"onApprovalTimeout":"RUN",
                         "settings":{"url":"https://hooks.example.com/failover"}}"""))
                .andExpect(status().isCreated())
                .andReturn());
    }

    private HeldForApproval heldRun(String key) throws Exception {
        long monitorId = createTcpMonitor(key);
        long reactionId = failoverNeedingApproval(key).get("id").asLong();
        long teamId = jdbc.queryForObject("select team_id from monitors where id = ?", Long.class, monitorId);
        return HeldForApproval.of(
                jdbc,
                transactions,
                teamId,
                monitorId,
                "db",
                reactionId,
                Instant.now().plus(Duration.ofMinutes(15)));
    }

    @Test
    void aReactionSaysWhetherItsRunsWaitForApprovalAndWrongSettingsAreFieldErrors() throws Exception {
        JsonNode reaction = failoverNeedingApproval(aliceKey);
        assertThat(reaction.get("approvalRequired").asBoolean()).isTrue();
        assertThat(reaction.get("approvalTimeoutSeconds").asInt()).isEqualTo(900);
        assertThat(reaction.get("onApprovalTimeout").asString()).isEqualTo("RUN");
        long id = reaction.get("id").asLong();

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id))
                        .content("{\"approvalTimeoutSeconds\":5,\"onApprovalTimeout\":\"MAYBE\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.onApprovalTimeout")
                        .value("send RUN (an unanswered run runs by itself at its time limit) or SKIP (it is "
                                + "skipped), not MAYBE"));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"approvalTimeoutSeconds\":5}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.approvalTimeoutSeconds")
                        .value("between 60 seconds and 86400 seconds (one day): people need time to answer"));
        assertThat(jdbc.queryForObject(
                        "select approval_timeout_seconds from reactions where id = ?", Integer.class, id))
                .isEqualTo(900);

        // left out keeps the stored values
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"name\":\"fail over to b\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.approvalRequired").value(true))
                .andExpect(jsonPath("$.onApprovalTimeout").value("RUN"));
    }

    @Test
    void aKeyOfTheTeamApprovesARunOnceAndAnotherTeamsKeyFindsNothing() throws Exception {
        HeldForApproval run = heldRun(aliceKey);

        mvc.perform(as(bobKey, post("/api/v1/held-runs/" + run.jobId() + "/approve")))
                .andExpect(status().isNotFound());
        assertThat(jdbc.queryForObject("select released_by from reaction_jobs where id = ?", String.class, run.jobId()))
                .isNull();

        mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + run.jobId() + "/approve")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decision").value("APPROVED"));
        assertThat(jdbc.queryForObject("select released_by from reaction_jobs where id = ?", String.class, run.jobId()))
                .startsWith("alice-");

        mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + run.jobId() + "/deny")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_waiting"));
        assertThat(jdbc.queryForObject(
                        "select finished_at is null from reaction_jobs where id = ?", Boolean.class, run.jobId()))
                .isTrue();
    }

    @Test
    void aKeyOfTheTeamDeniesARun() throws Exception {
        HeldForApproval run = heldRun(aliceKey);

        mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + run.jobId() + "/deny")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decision").value("DENIED"));

        assertThat(jdbc.queryForObject("select outcome from reaction_jobs where id = ?", String.class, run.jobId()))
                .isEqualTo("SKIPPED");
        assertThat(jdbc.queryForObject(
                        "select decision from approval_requests where job_id = ?", String.class, run.jobId()))
                .isEqualTo("DENIED"); // its link works no more
        mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + 0 + "/deny"))).andExpect(status().isNotFound());
    }
}
