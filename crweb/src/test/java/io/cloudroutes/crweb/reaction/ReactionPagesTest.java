package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamRepository;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A reaction on its pages: a bad value is a field error that saves nothing and keeps what was stored, and another
 * person can neither open it nor attach it to a monitor.
 */
class ReactionPagesTest extends SignedInPeople {

    @Autowired
    TeamRepository teamRepository;

    @Test
    void aReactionWithABadRecipientIsAFieldErrorAndSavesNothing() throws Exception {
        long before = reactions.count();
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(alice)
                        .param("name", "mail")
                        .param("reactionType", "email")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("settings[to]", "not an address"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Recipients must be an email address")));
        assertThat(reactions.count()).isEqualTo(before);
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(alice)
                        .param("name", "mail")
                        .param("reactionType", "email")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "0")
                        .param("frequencySeconds", "-1")
                        .param("settings[to]", "ops@example.com"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("between 1 and 1000 results")))
                .andExpect(content().string(containsString("between 0 and 604800 seconds")));
        assertThat(reactions.count()).isEqualTo(before);
    }

    @Test
    void editingAReactionWithABadRecipientIsAFieldErrorAndKeepsWhatWasStored() throws Exception {
        ReactionConfig mine = new ReactionConfig(
                teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), "page alice", "email");
        mine.setSettings(Map.of("to", "alice@example.com"));
        long id = reactions.save(mine).getId();
        mvc.perform(post("/reactions/" + id)
                        .with(csrf())
                        .with(alice)
                        .param("name", "page alice")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "3")
                        .param("frequencySeconds", "0")
                        .param("settings[to]", "alice at example"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Recipients must be an email address")))
                .andExpect(content().string(containsString("value=\"alice at example\"")));
        ReactionConfig unchanged = reactions.findById(id).orElseThrow();
        assertThat(unchanged.getSettings()).containsEntry("to", "alice@example.com");
        assertThat(unchanged.getTriggerCount()).isEqualTo(1);

        mvc.perform(post("/reactions/" + id)
                        .with(csrf())
                        .with(alice)
                        .param("name", "page ops")
                        .param("callOn", "HEALTHY")
                        .param("triggerCount", "3")
                        .param("frequencySeconds", "600")
                        .param("settings[to]", "ops@example.com"))
                .andExpect(redirectedUrl("/reactions"));
        ReactionConfig edited = reactions.findById(id).orElseThrow();
        assertThat(edited.getName()).isEqualTo("page ops");
        assertThat(edited.getCallOn()).isEqualTo(io.cloudroutes.core.CallOn.HEALTHY);
        assertThat(edited.getTriggerCount()).isEqualTo(3);
        assertThat(edited.getFrequencySeconds()).isEqualTo(600);
        assertThat(edited.getSettings()).containsEntry("to", "ops@example.com");
    }

    @Test
    void anotherUserGets404ForMyReactionAndCannotAttachIt() throws Exception {
        ReactionConfig mine = new ReactionConfig(
                teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), "page alice", "email");
        mine.setSettings(Map.of("to", "alice@example.com"));
        mine = reactions.save(mine);
        mvc.perform(get("/reactions/" + mine.getId() + "/edit").with(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/reactions/" + mine.getId() + "/delete").with(csrf()).with(bob))
                .andExpect(status().isNotFound());
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(bob)
                        .param("reactionIds", String.valueOf(mine.getId())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("one of the chosen reactions does not exist")));
        assertThat(monitorCount()).isEqualTo(before);
        assertThat(reactions.findById(mine.getId())).isPresent();
    }

    /** Alice's form for a webhook that reboots by request, posted to {@code path}, with {@code disruptive}. */
    private void postRebootByRequest(String path, String disruptive) throws Exception {
        mvc.perform(post(path)
                        .with(csrf())
                        .with(alice)
                        .param("name", "reboot by request")
                        .param("reactionType", "webhook")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("disruptive", disruptive)
                        .param("settings[url]", "https://hooks.example.com/reboot"))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void theFormSaysWhetherAReactionIsDisruptiveAndTheListShowsIt() throws Exception {
        postRebootByRequest("/reactions", "true");
        ReactionConfig saved = reactions.findAll().stream()
                .filter(r -> r.getName().equals("reboot by request"))
                .findFirst()
                .orElseThrow();
        assertThat(saved.getDisruptive()).isTrue();
        mvc.perform(get("/reactions/" + saved.getId() + "/edit").with(alice))
                .andExpect(content().string(containsString("safeguards may hold it")))
                .andExpect(content().string(containsString("<option value=\"true\" selected=\"selected\"")));
        mvc.perform(get("/reactions").with(alice)).andExpect(content().string(containsString("<td>yes</td>")));

        postRebootByRequest("/reactions/" + saved.getId(), "");
        assertThat(reactions.findById(saved.getId()).orElseThrow().getDisruptive())
                .isNull();
        mvc.perform(get("/reactions").with(alice))
                .andExpect(content().string(containsString("<td>no (its type)</td>")));
    }
}
