package io.cloudroutes.crweb.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.monitor.Monitor;
import org.junit.jupiter.api.Test;

/**
 * Replay on the pages: the monitor page offers it, days past the raw results' retention are told next to the field and
 * record nothing, a proposed reaction is recorded (not saved as a reaction) and its page shows the would-be runs and a
 * summary once an actioner answered; another team finds none of it.
 */
class ReplayPagesTest extends SignedInPeople {

    @Test
    void aReplayIsAskedForFromTheMonitorPageAndShowsWhatWouldHaveRun() throws Exception {
        Monitor monitor = aliceMonitor();
        mvc.perform(get("/monitors/" + monitor.getId()).with(alice))
                .andExpect(content().string(containsString("/monitors/" + monitor.getId() + "/replays/new")));
        mvc.perform(get("/monitors/" + monitor.getId() + "/replays/new").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Or a proposed reaction (not saved)")));

        long replaysBefore = jdbc.queryForObject("select count(*) from replay_requests", Long.class);
        mvc.perform(post("/monitors/" + monitor.getId() + "/replays")
                        .with(csrf())
                        .with(alice)
                        .param("reactionType", "webhook")
                        .param("days", "30"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("replay reaches back 1 to 7 days")));
        assertThat(jdbc.queryForObject("select count(*) from replay_requests", Long.class))
                .isEqualTo(replaysBefore);

        long reactionsBefore = reactions.count();
        String location = mvc.perform(post("/monitors/" + monitor.getId() + "/replays")
                        .with(csrf())
                        .with(alice)
                        .param("name", "page on-call")
                        .param("reactionType", "webhook")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "2")
                        .param("days", "7"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(reactions.count()).isEqualTo(reactionsBefore);
        mvc.perform(get(location).with(alice))
                .andExpect(content().string(containsString("Replaying 7 days of history…")));

        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        // what an actioner writes once it replayed the history
        jdbc.update(
                "update replay_requests set state = 'DONE', history_from = now() - interval '7 days', "
                        + "history_to = now(), results_replayed = 2016, finished_at = now() where id = ?",
                id);
        jdbc.update(
                "insert into replay_decisions (request_id, at, episode, step, from_status, to_status, held_for, reason, "
                        + "would_run) values (?, now() - interval '2 days', 'job-1', 1, 'HEALTHY', 'FAILED', 2, "
                        + "'HTTP 503', true)",
                id);
        mvc.perform(get(location).with(alice))
                .andExpect(content()
                        .string(containsString(
                                "page on-call would have run once in 7 days, over 2016 stored results.")))
                .andExpect(content().string(containsString("HEALTHY → FAILED")))
                .andExpect(content().string(containsString("HTTP 503")));

        mvc.perform(get(location).with(bob)).andExpect(status().isNotFound());
        mvc.perform(get("/monitors/" + monitor.getId() + "/replays/new").with(bob))
                .andExpect(status().isNotFound());
    }
}
