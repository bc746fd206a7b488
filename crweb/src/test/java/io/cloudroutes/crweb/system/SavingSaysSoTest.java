package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Saving a monitor or a reaction, or deleting a monitor, says so on the next page. */
@CrwebIntegrationTest
class SavingSaysSoTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    RequestPostProcessor person;

    @BeforeEach
    void aPerson() {
        UserAccount account = users.save(new UserAccount("links-" + UUID.randomUUID() + "@example.com", "x"));
        person = user(accounts.loadUserByUsername(account.getEmail()));
    }

    @Test
    void savingAndDeletingAMonitorSaysSoOnTheNextPage() throws Exception {
        MvcResult created = mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(person)
                        .param("name", "api")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "30")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("enabled", "true")
                        .param("settings[host]", "api.internal")
                        .param("settings[port]", "443"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "Created monitor api."))
                .andReturn();
        String location = created.getResponse().getRedirectedUrl();
        String shown = mvc.perform(get(location).with(person).flashAttrs(created.getFlashMap()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shown).contains("id=\"flash\"").contains("Created monitor api.");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(post("/monitors/" + id + "/delete").with(csrf()).with(person))
                .andExpect(redirectedUrl("/monitors"))
                .andExpect(flash().attribute("notice", "Deleted monitor api and its history."));
    }

    @Test
    void savingAReactionSaysSo() throws Exception {
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(person)
                        .param("name", "mail ops")
                        .param("reactionType", "email")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("settings[to]", "ops@example.com"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", org.hamcrest.Matchers.startsWith("Created reaction mail ops.")));
    }
}
