package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Reactions on both changes (notifications only), and the LOGGED outcome of an email written to the log, on the pages
 * and in the API, against real PostgreSQL and Redis.
 */
@CrwebIntegrationTest
class ReactionCallOnAndOutcomeTest {

    @Autowired
    TeamRepository teamRepository;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionRunRepository runs;

    UserAccount alice;
    RequestPostProcessor asAlice;
    String aliceKey;

    @BeforeEach
    void aliceWithAnApiKey() throws Exception {
        alice = users.save(new UserAccount("alice-" + UUID.randomUUID() + "@example.com", "x"));
        asAlice = user(accounts.loadUserByUsername(alice.getEmail()));
        aliceKey = TestInfrastructure.apiKey(mvc, asAlice);
    }

    private MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + aliceKey).contentType(MediaType.APPLICATION_JSON);
    }

    private MockHttpServletRequestBuilder reactionForm(String type, String callOn) {
        return post("/reactions")
                .with(csrf())
                .with(asAlice)
                .param("name", "tell ops")
                .param("reactionType", type)
                .param("callOn", callOn)
                .param("triggerCount", "1")
                .param("frequencySeconds", "0");
    }

    @Test
    void anEmailReactionCanBeSetToRunOnBothChangesOnItsPage() throws Exception {
        mvc.perform(get("/reactions/new").param("type", "email").with(asAlice))
                .andExpect(content()
                        .string(containsString("<option value=\"BOTH\">BOTH: FAILED, then its recovery</option>")));
        mvc.perform(reactionForm("email", "BOTH").param("settings[to]", "oncall@example.com"))
                .andExpect(redirectedUrlPattern("/reactions/*/edit"));
        assertThat(reactions.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(alice.getId())))
                .singleElement()
                .extracting(ReactionConfig::getCallOn)
                .isEqualTo(CallOn.BOTH);
    }

    @Test
    void aFailoverReactionIsNotOfferedBothAndIsRefusedItWithTheReason() throws Exception {
        mvc.perform(get("/reactions/new").param("type", "haproxy").with(asAlice))
                .andExpect(content().string(not(containsString("value=\"BOTH\""))));
        mvc.perform(reactionForm("haproxy", "BOTH")
                        .param("settings[address]", "127.0.0.1:9999")
                        .param("settings[backend]", "web")
                        .param("settings[server]", "a"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("BOTH is for notifications; a &#39;haproxy&#39; reaction on "
                                + "FAILED already undoes what it did when the monitor recovers, so it would act twice on the "
                                + "recovery: choose FAILED (BOTH suits: ")));
        assertThat(reactions.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(alice.getId())))
                .isEmpty();
    }

    @Test
    void theApiTakesBothForANotificationAndRefusesItForAnActionNamingTheField() throws Exception {
        mvc.perform(api(post("/api/v1/reactions")).content("""
                        {"name":"tell ops","reactionType":"webhook","callOn":"BOTH",
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.callOn").value("BOTH"));
        mvc.perform(api(post("/api/v1/reactions")).content("""
                        {"name":"reboot","reactionType":"ssh-command","callOn":"BOTH",
                         "settings":{"host":"10.0.0.5","user":"ops","command":"sudo reboot"}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.callOn")
                        .value(containsString("BOTH is for notifications, whose "
                                + "message says which way the monitor went; a 'ssh-command' reaction does the same thing on "
                                + "every run: choose FAILED or HEALTHY (BOTH suits: ")));
        mvc.perform(api(post("/api/v1/reactions")).content("""
                        {"name":"tell ops","reactionType":"webhook","callOn":"ALWAYS",
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.callOn")
                        .value("a reaction runs on FAILED, HEALTHY or BOTH (both "
                                + "changes, for notifications), not 'ALWAYS'"));
        assertThat(reactions.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(alice.getId())))
                .extracting(ReactionConfig::getCallOn)
                .containsExactly(CallOn.BOTH);
    }

    @Test
    void theReactionTypesSayWhichChangesTheirReactionsMayRunOn() throws Exception {
        mvc.perform(api(get("/api/v1/reaction-types")))
                .andExpect(jsonPath("$[?(@.id == 'email')].callOn[2]").value("BOTH"))
                .andExpect(
                        jsonPath("$[?(@.id == 'route53')].restoresOnRecovery").value(true))
                .andExpect(jsonPath("$[?(@.id == 'route53')].callOn.length()").value(2));
        mvc.perform(get("/api/v1/openapi.json"))
                .andExpect(content().string(containsString("\"BOTH\"")))
                .andExpect(content().string(containsString("\"LOGGED\"")));
    }

    @Test
    void anEmailSubjectWithTheFormerPlaceholdersIsAFieldErrorSayingWhatToWrite() throws Exception {
        mvc.perform(reactionForm("email", "FAILED")
                        .param("settings[to]", "oncall@example.com")
                        .param("settings[subject]", "{monitor} is {status}"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("Subject: {monitor}, {status} are the former placeholder "
                                + "syntax: the subject is a Mustache template like the bodies, write {{monitorName}} for "
                                + "{monitor}, {{to}} for {status}")));
        assertThat(reactions.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(alice.getId())))
                .isEmpty();
    }

    @Test
    void anEmailWrittenToTheLogIsShownAsLoggedNotSkipped() throws Exception {
        ReactionConfig mail =
                new ReactionConfig(teamRepository.personalTeamIdOf(alice.getId()), alice.getId(), "mail ops", "email");
        mail.setSettings(Map.of("to", "ops@example.com"));
        mail = reactions.save(mail);
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(alice.getId()), alice.getId(), "api", "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor = monitors.save(monitor);
        runs.save(new ReactionRun(
                monitor.getId(),
                mail.getId(),
                mail.getName(),
                null,
                ReactionOutcome.LOGGED,
                "no SMTP server configured (set CLOUDROUTES_SMTP_HOST): the message was written to the log, not sent",
                Instant.now(),
                Instant.now()));

        mvc.perform(get("/monitors/" + monitor.getId()).with(asAlice))
                .andExpect(content().string(containsString("<span class=\"outcome LOGGED\">LOGGED</span>")));
        mvc.perform(get("/css/app.css")).andExpect(content().string(containsString(".outcome.LOGGED {")));

        // a real test run from crweb, which has no SMTP server here either
        mvc.perform(api(post("/api/v1/reactions/" + mail.getId() + "/test"))
                        .content("{\"dryRun\":false,\"confirm\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("LOGGED"))
                .andExpect(jsonPath("$.output").value(containsString("the message was written to the log, not sent")));
    }
}
