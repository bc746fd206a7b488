package io.cloudroutes.crweb;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.TestPostgres;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * crweb with its Redis gone: it starts, pages render, and they say that live status is unavailable; log-ins work and
 * are throttled in crweb's memory.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
class CrwebWithoutRedisTest {

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

    @Autowired
    PasswordEncoder passwords;

    @Test
    void pagesRenderAndSayLiveStatusIsUnavailable() throws Exception {
        UserAccount owner = users.save(new UserAccount("ops@example.com", "x"));
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "billing", "tcp");
        monitor.setSettings(Map.of("host", "db", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitors.save(monitor);
        var ops = user(accounts.loadUserByUsername("ops@example.com"));

        mvc.perform(get("/monitors").with(ops))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Live status is unavailable: Redis cannot be reached")))
                .andExpect(content().string(containsString("billing")))
                .andExpect(content().string(containsString(">UNKNOWN<")));
        mvc.perform(get("/").with(ops))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<strong id=\"count-unknown\">1</strong>")));
        mvc.perform(get("/monitors/" + monitor.getId()).with(ops))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No results yet.")));
    }

    @Test
    void logInsWorkAndAreStillThrottledWhileRedisIsAway() throws Exception {
        users.save(new UserAccount("ada@example.com", passwords.encode("correct horse battery staple")));
        mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", "ada@example.com")
                        .param("password", "correct horse battery staple"))
                .andExpect(redirectedUrl("/"));
        for (int failure = 1; failure < 5; failure++) {
            mvc.perform(post("/login")
                            .with(csrf())
                            .param("username", "ada@example.com")
                            .param("password", "guess"))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", "ada@example.com")
                        .param("password", "guess"))
                .andExpect(redirectedUrl("/login?locked"));
        mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", "ada@example.com")
                        .param("password", "correct horse battery staple"))
                .andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void aHeartbeatPingIsAnswered503SoThePingerRetriesWhenItCannotBeRecorded() throws Exception {
        UserAccount owner = users.save(new UserAccount("cron@example.com", "x"));
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "nightly backup", "heartbeat");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        String secret = SecretTokens.generate("hb_");
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        monitors.save(monitor);

        mvc.perform(get("/ping/" + secret))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(content().string("ping not recorded: storage unavailable, retry later"));
    }

    @Test
    void aWebhookIsAnswered503WhenItsResultCannotBeStored() throws Exception {
        UserAccount owner = users.save(new UserAccount("push@example.com", "x"));
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "backup", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(10);
        String secret = SecretTokens.generate("crw_");
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        monitors.save(monitor);

        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.getId())
                        .header("X-CloudRoutes-Secret", secret)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.code").value("unavailable"))
                .andExpect(jsonPath("$.message")
                        .value("the result could not be stored: Redis is unreachable or refused the write; "
                                + "nothing was recorded, send it again later"));
    }
}
