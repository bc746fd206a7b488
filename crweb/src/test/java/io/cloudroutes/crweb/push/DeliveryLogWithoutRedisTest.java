package io.cloudroutes.crweb.push;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.TestPostgres;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With Redis gone, a pushed monitor's page and its deliveries in the API say the delivery log is unavailable. */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
class DeliveryLogWithoutRedisTest {

    @Autowired
    TeamRepository teamRepository;

    static TestPostgres postgres;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        postgres = TestInfrastructure.startWithoutRedis(registry);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    UserDetailsService accounts;

    @Test
    void thePageRendersAndTheApiAnswersThatTheLogIsUnavailable() throws Exception {
        UserAccount owner = users.save(new UserAccount("push@example.com", "x"));
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout alerts", "alertmanager");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(10);
        String secret = SecretTokens.generate("crw_");
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        monitors.save(monitor);
        var login = user(accounts.loadUserByUsername("push@example.com"));

        // the delivery itself is refused so that Alertmanager retries
        mvc.perform(post("/api/v1/webhooks/alertmanager/" + monitor.getId())
                        .header("X-CloudRoutes-Secret", secret)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"f1\"}]}"))
                .andExpect(status().isServiceUnavailable());
        mvc.perform(get("/monitors/" + monitor.getId()).with(login))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The delivery log is unavailable: Redis")))
                .andExpect(content().string(containsString("id=\"alertmanager-config\"")));
        String key = TestInfrastructure.apiKey(mvc, login);
        mvc.perform(get("/api/v1/monitors/" + monitor.getId() + "/deliveries").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(false));
    }
}
