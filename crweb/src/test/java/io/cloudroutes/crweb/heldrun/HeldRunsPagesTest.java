package io.cloudroutes.crweb.heldrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The held-runs page: the team's held runs with their reason, released one by one or all at once (each once, by the
 * person signed in), a count on the monitor's page, and another team's run not found.
 */
class HeldRunsPagesTest extends SignedInPeople {

    private static final String REASON =
            "held: 'alice's api' is flapping (6 changes in 10 min); disruptive actions wait until it is stable";

    private long failover(Monitor monitor) {
        ReactionConfig reaction = new ReactionConfig(monitor.getTeamId(), monitor.getOwnerId(), "fail over", "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        reaction.setDisruptive(true);
        return reactions.save(reaction).getId();
    }

    @Test
    void aHeldRunIsShownWithItsReasonAndReleasedOnceFromThePage() throws Exception {
        Monitor api = aliceMonitor();
        long jobId = HeldJobs.held(jdbc, api.getId(), failover(api), "FLAPPING", REASON);

        mvc.perform(get("/held-runs").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Held runs</a>")))
                .andExpect(content().string(containsString("fail over")))
                .andExpect(content().string(containsString("FLAPPING")))
                .andExpect(content().string(containsString("is flapping (6 changes in 10 min)")))
                .andExpect(content().string(containsString("until released")))
                .andExpect(content().string(containsString("/held-runs/" + jobId + "/release")));
        mvc.perform(get("/monitors/" + api.getId()).with(alice))
                .andExpect(content().string(containsString("1 run is held by a safeguard")));

        mvc.perform(post("/held-runs/" + jobId + "/release").with(alice).with(csrf()))
                .andExpect(redirectedUrl("/held-runs"))
                .andExpect(flash().attribute(
                                "notice",
                                "Released the held run of fail over on alice's api: it runs now if alice's api still "
                                        + "needs it."));
        assertThat(HeldJobs.releasedBy(jdbc, jobId)).isEqualTo(aliceAccount.getEmail());
        assertThat(HeldJobs.due(jdbc, jobId)).isTrue();

        mvc.perform(post("/held-runs/" + jobId + "/release").with(alice).with(csrf()))
                .andExpect(flash().attribute(
                                "notice", "That run is not held any more: someone released it first, or it finished."));
        mvc.perform(get("/held-runs").with(alice)).andExpect(content().string(containsString("No runs are held.")));
        mvc.perform(get("/monitors/" + api.getId()).with(alice))
                .andExpect(content().string(not(containsString("held by a safeguard"))));
    }

    @Test
    void releaseAllReleasesEachHeldRunOnce() throws Exception {
        Monitor api = aliceMonitor();
        long first = HeldJobs.held(jdbc, api.getId(), failover(api), "FLAPPING", REASON);
        long second = HeldJobs.held(jdbc, api.getId(), failover(api), "BREAKER", "held: the breaker is open");

        mvc.perform(post("/held-runs/release").with(alice).with(csrf()))
                .andExpect(redirectedUrl("/held-runs"))
                .andExpect(flash().attribute(
                                "notice", "Released 2 held runs: each runs now if its monitor still needs it."));
        mvc.perform(post("/held-runs/release").with(alice).with(csrf()))
                .andExpect(flash().attribute("notice", "No runs were held: nothing to release."));
        assertThat(HeldJobs.releasedBy(jdbc, first)).isEqualTo(aliceAccount.getEmail());
        assertThat(HeldJobs.releasedBy(jdbc, second)).isEqualTo(aliceAccount.getEmail());
        assertThat(jdbc.queryForObject(
                        "select details from audit_events where team_id = ? and action = 'held-run.released-all'",
                        String.class,
                        api.getTeamId()))
                .startsWith("released 2 held runs: ");
    }

    @Test
    void anotherTeamsHeldRunIsNotFoundNorShownAndItNeedsAFormToken() throws Exception {
        Monitor api = aliceMonitor();
        long jobId = HeldJobs.held(jdbc, api.getId(), failover(api), "FLAPPING", REASON);

        mvc.perform(post("/held-runs/" + jobId + "/release").with(bob).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/held-runs").with(bob)).andExpect(content().string(not(containsString("fail over"))));
        mvc.perform(post("/held-runs/" + jobId + "/release").with(alice)).andExpect(status().isForbidden());
        assertThat(HeldJobs.releasedBy(jdbc, jobId)).isNull();
    }
}
