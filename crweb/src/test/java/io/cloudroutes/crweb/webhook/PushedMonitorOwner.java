package io.cloudroutes.crweb.webhook;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.FlashMap;

/**
 * The shared crweb with the owner of pushed monitors signed in (a new one for each test), who creates them through
 * the form, and what their endpoints appended to the results stream the actioners consume: for tests of the webhook
 * endpoints and the secrets that guard them.
 */
@CrwebIntegrationTest
abstract class PushedMonitorOwner {

    static final String PUBLIC_URL = CrwebIntegrationTest.PUBLIC_URL;

    static final TestInfrastructure infrastructure = TestInfrastructure.shared();

    @Autowired
    protected TeamRepository teamRepository;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    MonitorService monitorService;

    @Autowired
    PushSecrets pushSecrets;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveRedis liveRedis;

    RedisCommands<String, String> redis;
    UserAccount owner;
    RequestPostProcessor alice;

    @BeforeEach
    void anOwner() {
        redis = liveRedis.connection().sync();
        owner = users.save(new UserAccount("alice-" + UUID.randomUUID() + "@example.com", "x"));
        alice = user(accounts.loadUserByUsername(owner.getEmail()));
    }

    /** A monitor created through the form, and the secret the next page showed once. */
    record Created(long id, String secret, FlashMap flash) {}

    Created create(String type, Map<String, String> settings) throws Exception {
        PushedMonitors.Created created = new PushedMonitors(mvc, alice, redis).create(type, settings);
        return new Created(created.id(), created.secret(), created.flash());
    }

    Created datadog(String warnAs) throws Exception {
        return create("datadog", Map.of("warnAs", warnAs));
    }

    List<CheckResult> appended(long monitorId) {
        return new PushedMonitors(mvc, alice, redis).appended(monitorId);
    }

    static String datadogPayload(String id, String transition) {
        return """
                {"id":"%s","alert_transition":"%s","title":"[Triggered] p99 latency on shop","body":"p99 is 2.4 s",\
                "link":"https://app.datadoghq.com/event/event?id=%s"}""".formatted(id, transition, id);
    }

    static String alertmanagerPayload(String... alerts) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"x\\"}","status":"firing","receiver":"cloudroutes",\
                "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",\
                "truncatedAlerts":0,"alerts":[%s]}""".formatted(String.join(",", alerts));
    }

    static String alert(String status, String fingerprint, String name, String summary) {
        return """
                {"status":"%s","labels":{"alertname":"%s","severity":"page"},"annotations":{"summary":"%s"},\
                "startsAt":"2026-11-25T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",\
                "generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}""".formatted(status, name, summary, fingerprint);
    }
}
