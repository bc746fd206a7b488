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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The check after a run on the reaction form: explained, a bad time is a field error that changes nothing. */
class VerifyAfterReactFormTest extends SignedInPeople {

    private MockHttpServletRequestBuilder save(long id, String verifyWithinSeconds) {
        return post("/reactions/" + id)
                .with(csrf())
                .with(alice)
                .param("name", "restart")
                .param("callOn", "FAILED")
                .param("triggerCount", "1")
                .param("frequencySeconds", "0")
                .param("verifyWithinSeconds", verifyWithinSeconds)
                .param("settings[url]", "https://hooks.example.com/restart");
    }

    @Test
    void theFormSaysWhatTheCheckDoesAndRefusesATimeOutOfRange() throws Exception {
        ReactionConfig mine = new ReactionConfig(
                teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), "restart", "webhook");
        mine.setSettings(Map.of("url", "https://hooks.example.com/restart"));
        mine.setVerifyWithinSeconds(120);
        long id = reactions.save(mine).getId();

        mvc.perform(get("/reactions/" + id + "/edit").with(alice))
                .andExpect(content().string(containsString("Verify: recovers within (seconds)")))
                .andExpect(content().string(containsString("or the next escalation step runs at once")))
                .andExpect(content().string(containsString("value=\"120\"")));

        mvc.perform(save(id, "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("between 10 and 86400 seconds (one day), or empty")));
        assertThat(reactions.findById(id).orElseThrow().getVerifyWithinSeconds())
                .isEqualTo(120);

        mvc.perform(save(id, "300")).andExpect(redirectedUrl("/reactions"));
        assertThat(reactions.findById(id).orElseThrow().getVerifyWithinSeconds())
                .isEqualTo(300);
        mvc.perform(save(id, "")).andExpect(redirectedUrl("/reactions"));
        assertThat(reactions.findById(id).orElseThrow().getVerifyWithinSeconds())
                .isNull();
    }
}
