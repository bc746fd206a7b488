package io.cloudroutes.crweb;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The shared crweb with two people signed in to its pages, Alice and Bob (new ones for each test), and the forms they
 * post: for tests of what people can do on the pages, what they are told, and what they cannot touch.
 */
@CrwebIntegrationTest
public abstract class SignedInPeople {

    @Autowired
    protected TeamRepository teamRepository;

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected UserAccountRepository users;

    @Autowired
    protected MonitorRepository monitors;

    @Autowired
    protected ReactionConfigRepository reactions;

    @Autowired
    protected OutboxRepository outbox;

    @Autowired
    protected MonitorEventRepository events;

    @Autowired
    protected UserDetailsService accounts;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected LiveRedis liveRedis;

    protected StatefulRedisConnection<String, String> redis;

    protected RequestPostProcessor alice;
    protected UserAccount aliceAccount;
    protected RequestPostProcessor bob;

    @BeforeEach
    protected void twoUsers() {
        redis = liveRedis.connection();
        aliceAccount = users.save(new UserAccount("alice-" + UUID.randomUUID() + "@example.com", "x"));
        UserAccount bobAccount = users.save(new UserAccount("bob-" + UUID.randomUUID() + "@example.com", "x"));
        alice = user(accounts.loadUserByUsername(aliceAccount.getEmail()));
        bob = user(accounts.loadUserByUsername(bobAccount.getEmail()));
    }

    protected MockHttpServletRequestBuilder httpMonitor(String url, String interval) {
        return httpMonitorTo("/monitors", url, interval);
    }

    /** The form of an http monitor posted to {@code path}: /monitors creates one, /monitors/{id} saves it. */
    protected MockHttpServletRequestBuilder httpMonitorTo(String path, String url, String interval) {
        return post(path)
                .with(csrf())
                .param("name", "shop")
                .param("checkType", "http")
                .param("intervalSeconds", interval)
                .param("timeoutSeconds", "5")
                .param("failThreshold", "2")
                .param("recoverThreshold", "1")
                .param("enabled", "true")
                .param("settings[url]", url)
                .param("settings[method]", "GET");
    }

    /** Every monitor in the shared database: compare before and after, never with a number of one's own. */
    protected long monitorCount() {
        return monitors.count();
    }

    /** Every outbox entry in the shared database: compare before and after, never with a number of one's own. */
    protected long outboxCount() {
        return outbox.count();
    }

    protected Monitor aliceMonitor() {
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), "alice's api", "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }
}
