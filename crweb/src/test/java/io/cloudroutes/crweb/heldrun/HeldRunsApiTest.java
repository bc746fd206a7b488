package io.cloudroutes.crweb.heldrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Held runs through the REST API v1: listed for the team, released one by one (of two concurrent releases one wins)
 * or all at once by the person whose key it is, audit-logged with counts; another team's run is not found.
 */
class HeldRunsApiTest extends PeopleWithApiKeys {

    private static final String REASON =
            "held: 'db' is flapping (6 changes in 10 min); disruptive actions wait until it is stable";

    @Autowired
    ReactionConfigRepository reactions;

    private long teamOf(long monitorId) {
        return jdbc.queryForObject("select team_id from monitors where id = ?", Long.class, monitorId);
    }

    private long failover(long monitorId) {
        long teamId = teamOf(monitorId);
        long ownerId = jdbc.queryForObject("select owner_id from monitors where id = ?", Long.class, monitorId);
        ReactionConfig reaction = new ReactionConfig(teamId, ownerId, "fail over", "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        reaction.setDisruptive(true);
        return reactions.save(reaction).getId();
    }

    /** The email of the person who made the monitor with their key. */
    private String emailOf(long monitorId) {
        return jdbc.queryForObject(
                "select u.email from monitors m join users u on u.id = m.owner_id where m.id = ?",
                String.class,
                monitorId);
    }

    private List<String> audit(long teamId) {
        return jdbc.queryForList(
                "select action || ': ' || details from audit_events where team_id = ? and action like 'held-run.%' "
                        + "order by id",
                String.class, teamId);
    }

    @Test
    void aHeldRunIsListedAndReleasedOnceByWhoeverComesFirst() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        long jobId = HeldJobs.held(jdbc, monitorId, failover(monitorId), "FLAPPING", REASON);

        mvc.perform(as(aliceKey, get("/api/v1/held-runs")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].jobId").value(jobId))
                .andExpect(jsonPath("$[0].monitorName").value("db"))
                .andExpect(jsonPath("$[0].reactionName").value("fail over"))
                .andExpect(jsonPath("$[0].kind").value("FLAPPING"))
                .andExpect(jsonPath("$[0].reason").value(REASON))
                .andExpect(jsonPath("$[0].since").isNotEmpty())
                .andExpect(jsonPath("$[0].until").doesNotExist());

        Callable<Integer> release = () -> mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + jobId + "/release")))
                .andReturn()
                .getResponse()
                .getStatus();
        List<Integer> answers;
        try (ExecutorService twoPeople = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> both = twoPeople.invokeAll(List.of(release, release));
            answers = List.of(both.get(0).get(), both.get(1).get());
        }
        assertThat(answers).containsExactlyInAnyOrder(200, 409);
        assertThat(HeldJobs.releasedBy(jdbc, jobId)).isEqualTo(emailOf(monitorId));
        assertThat(HeldJobs.due(jdbc, jobId)).isTrue();
        assertThat(audit(teamOf(monitorId)))
                .containsExactly("held-run.released: released 1 held run (FLAPPING): " + REASON);

        mvc.perform(as(aliceKey, post("/api/v1/held-runs/" + jobId + "/release")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_held"))
                .andExpect(jsonPath("$.message")
                        .value("run " + jobId + " is not held any more: it was released first or has finished; "
                                + "nothing was changed"));
        mvc.perform(as(aliceKey, get("/api/v1/held-runs"))).andExpect(content().json("[]"));
    }

    @Test
    void releaseAllReleasesEveryHeldRunOfTheTeamOnceAndNoOtherTeams() throws Exception {
        long alices = createTcpMonitor(aliceKey);
        long first = HeldJobs.held(jdbc, alices, failover(alices), "FLAPPING", REASON);
        long second = HeldJobs.held(jdbc, alices, failover(alices), "BREAKER", "held: the breaker is open");
        long bobs = createTcpMonitor(bobKey);
        long bobsRun = HeldJobs.held(jdbc, bobs, failover(bobs), "FLAPPING", REASON);

        mvc.perform(as(aliceKey, post("/api/v1/held-runs/release")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.released").value(2));
        mvc.perform(as(aliceKey, post("/api/v1/held-runs/release")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.released").value(0));

        assertThat(List.of(HeldJobs.releasedBy(jdbc, first), HeldJobs.releasedBy(jdbc, second)))
                .containsOnly(emailOf(alices));
        assertThat(HeldJobs.releasedBy(jdbc, bobsRun)).isNull();
        assertThat(audit(teamOf(alices)))
                .singleElement()
                .satisfies(entry -> assertThat(entry).startsWith("held-run.released-all: released 2 held runs: "));
        mvc.perform(as(bobKey, get("/api/v1/held-runs")))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].jobId").value(bobsRun));
    }

    @Test
    void anotherTeamsHeldRunIsNotFoundAndStaysHeld() throws Exception {
        long alices = createTcpMonitor(aliceKey);
        long jobId = HeldJobs.held(jdbc, alices, failover(alices), "FLAPPING", REASON);

        mvc.perform(as(bobKey, post("/api/v1/held-runs/" + jobId + "/release")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(as(bobKey, post("/api/v1/held-runs/release")))
                .andExpect(jsonPath("$.released").value(0));
        mvc.perform(as(bobKey, get("/api/v1/held-runs"))).andExpect(content().json("[]"));
        assertThat(HeldJobs.releasedBy(jdbc, jobId)).isNull();
        assertThat(HeldJobs.due(jdbc, jobId)).isFalse();
    }
}
