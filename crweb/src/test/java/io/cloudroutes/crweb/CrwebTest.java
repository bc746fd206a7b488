package io.cloudroutes.crweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** crweb's pages against real PostgreSQL and Redis: what users can do, what they are told, what they cannot touch. */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = {"spring.config.name=crweb", "cloudroutes.zones=default,eu-west,us-east,ap-south"})
@AutoConfigureMockMvc
class CrwebTest {

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveRedis liveRedis;

    StatefulRedisConnection<String, String> redis;

    RequestPostProcessor alice;
    UserAccount aliceAccount;
    RequestPostProcessor bob;

    @BeforeEach
    void twoUsers() {
        redis = liveRedis.connection();
        aliceAccount = users.save(new UserAccount("alice-" + UUID.randomUUID() + "@example.com", "x"));
        UserAccount bobAccount = users.save(new UserAccount("bob-" + UUID.randomUUID() + "@example.com", "x"));
        alice = user(accounts.loadUserByUsername(aliceAccount.getEmail()));
        bob = user(accounts.loadUserByUsername(bobAccount.getEmail()));
    }

    private MockHttpServletRequestBuilder httpMonitor(String url, String interval) {
        return httpMonitorTo("/monitors", url, interval);
    }

    /** The form of an http monitor posted to {@code path}: /monitors creates one, /monitors/{id} saves it. */
    private MockHttpServletRequestBuilder httpMonitorTo(String path, String url, String interval) {
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

    private long monitorCount() {
        return monitors.count();
    }

    private long outboxCount() {
        return outbox.count();
    }

    private Monitor aliceMonitor() {
        Monitor monitor = new Monitor(aliceAccount.getId(), "alice's api", "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }

    @Test
    void withoutASecurityContactThereIsNoSecurityTxt() throws Exception {
        mvc.perform(get("/.well-known/security.txt")).andExpect(status().isNotFound());
    }

    @Test
    void signUpStoresABcryptHashAndSendsTheUserToLogin() throws Exception {
        mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", "new@example.com")
                        .param("password", "long enough pw"))
                .andExpect(redirectedUrl("/login?signedUp"));
        String hash =
                jdbc.queryForObject("select password_hash from users where email = 'new@example.com'", String.class);
        assertThat(hash).startsWith("$2").doesNotContain("long enough pw");
    }

    @Test
    void aDuplicateEmailInAnotherCaseCreatesNothing() throws Exception {
        long before = users.count();
        mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", aliceAccount.getEmail().toUpperCase())
                        .param("password", "long enough pw"))
                .andExpect(redirectedUrl("/login?signedUp"));
        assertThat(users.count()).isEqualTo(before);
    }

    @Test
    void aFormPostWithoutCsrfIsRefused() throws Exception {
        long before = users.count();
        mvc.perform(post("/signup").param("email", "csrf@example.com").param("password", "long enough pw"))
                .andExpect(status().isForbidden());
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .with(SecurityMockMvcRequestPostProcessors.csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        assertThat(users.count()).isEqualTo(before);
    }

    @Test
    void creatingAMonitorWritesItAndAnOutboxEntryTogether() throws Exception {
        long outboxBefore = outboxCount();
        mvc.perform(httpMonitor("https://shop.example.com/health", "60").with(alice))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved =
                monitors.findByOwnerIdOrderByNameAsc(aliceAccount.getId()).getFirst();
        assertThat(saved.getSettings())
                .containsEntry("url", "https://shop.example.com/health")
                .containsEntry("expectedStatus", "200-299");
        assertThat(outboxCount()).isEqualTo(outboxBefore + 1);
        assertThat(outbox.findAll()).anySatisfy(entry -> {
            assertThat(entry.getMonitorId()).isEqualTo(saved.getId());
            assertThat(entry.getOperation()).isEqualTo(OutboxEntry.Operation.UPSERT);
        });
    }

    @Test
    void anInvalidUrlIsAFieldErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        long outboxBefore = outboxCount();
        mvc.perform(httpMonitor("shop.example.com/health", "60").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("URL must be an absolute http:// or https:// URL")))
                .andExpect(content().string(containsString("value=\"shop.example.com/health\"")));
        assertThat(monitorCount()).isEqualTo(before);
        assertThat(outboxCount()).isEqualTo(outboxBefore);
    }

    @Test
    void portZeroIsAFieldErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(alice)
                        .param("name", "db")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Port must be between 1 and 65535")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void anIntervalUnderTheMinimumIsAFieldErrorNamingTheRange() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "5").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("the interval is between 10 and 86400 seconds")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void anUnknownCheckTypeIsAnErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(alice)
                        .param("name", "x")
                        .param("checkType", "carrier-pigeon")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("unknown check type &#39;carrier-pigeon&#39;")));
        mvc.perform(get("/monitors/new").param("type", "carrier-pigeon").with(alice))
                .andExpect(status().isNotFound());
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void aMonitorCanBeCheckedFromSeveralZonesUnderAQuorum() throws Exception {
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .param("zones", " eu-west, us-east ,ap-south")
                        .param("quorum", "ALL_HEALTHY"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved =
                monitors.findByOwnerIdOrderByNameAsc(aliceAccount.getId()).getFirst();
        assertThat(saved.getZoneList()).containsExactly("eu-west", "us-east", "ap-south");
        assertThat(monitors.findWithReactions(saved.getId())
                        .orElseThrow()
                        .toDefinition()
                        .quorum())
                .isEqualTo(io.cloudroutes.core.Quorum.ALL_HEALTHY);

        redis.sync()
                .hset(
                        RedisKeys.state(saved.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS,
                                "FAILED",
                                RedisKeys.StateField.ZONES,
                                "eu-west,us-east",
                                RedisKeys.StateField.zone("eu-west", "status"),
                                "HEALTHY",
                                RedisKeys.StateField.zone("us-east", "status"),
                                "FAILED",
                                RedisKeys.StateField.zone("us-east", "reason"),
                                "no response within 5000 ms"));
        mvc.perform(get("/monitors/" + saved.getId()).with(alice))
                .andExpect(content().string(containsString("<table id=\"zones\">")))
                .andExpect(content().string(containsString("us-east")))
                .andExpect(content().string(containsString("no response within 5000 ms")))
                .andExpect(content().string(containsString("every zone healthy decides")));
    }

    @Test
    void aMonitorMayNameOnlyTheZonesTheOperatorListed() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "eu-west, mars-1"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("&#39;mars-1&#39; is not a zone of this installation: "
                                + "choose from default, eu-west, us-east, ap-south (the operator lists them in "
                                + "CLOUDROUTES_ZONES)")));
        assertThat(monitorCount()).isEqualTo(before);
        mvc.perform(get("/monitors/new").param("type", "http").with(alice))
                .andExpect(content()
                        .string(containsString(
                                "<span id=\"zone-choices\">default, eu-west, us-east, " + "ap-south</span>")))
                .andExpect(content().string(containsString("name=\"zones\" value=\"default\"")));
    }

    @Test
    void headersOfAnHttpCheckAreASecretNeverShownBackKeptWhenLeftBlankAndRemovedOnRequest() throws Exception {
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .param("settings[headers]", "Authorization: Bearer hdr-s3cret"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved =
                monitors.findByOwnerIdOrderByNameAsc(aliceAccount.getId()).getFirst();
        assertThat(jdbc.queryForObject("select settings from monitors where id = ?", String.class, saved.getId()))
                .doesNotContain("hdr-s3cret")
                .contains("\"headers\":\"enc:v2:");
        String edit = mvc.perform(get("/monitors/" + saved.getId() + "/edit").with(alice))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(edit)
                .doesNotContain("hdr-s3cret")
                .contains("set (leave blank to keep)")
                .contains("id=\"clear-headers\"");

        mvc.perform(httpMonitorTo("/monitors/" + saved.getId(), "https://example.com", "60")
                        .with(alice)
                        .param("settings[headers]", ""))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        assertThat(monitors.findById(saved.getId()).orElseThrow().getSettings()).containsKey("headers");

        mvc.perform(httpMonitorTo("/monitors/" + saved.getId(), "https://example.com", "60")
                        .with(alice)
                        .param("clearSecrets", "headers"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        assertThat(monitors.findById(saved.getId()).orElseThrow().getSettings()).doesNotContainKey("headers");
    }

    @Test
    void badZoneNamesAreAFieldErrorAndSaveNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "EU West"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("&#39;EU West&#39; is not a zone name")));
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "eu, eu"))
                .andExpect(content().string(containsString("each zone once")));
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", " , "))
                .andExpect(content().string(containsString("name at least one zone")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void aPersonCanHoldAMonitorsStatusAndEveryoneSeesWhoDid() throws Exception {
        Monitor mine = aliceMonitor();
        long outboxBefore = outboxCount();
        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "FAILED"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        Monitor held = monitors.findById(mine.getId()).orElseThrow();
        assertThat(held.getOverrideStatus()).isEqualTo(Status.FAILED);
        assertThat(held.getOverrideBy()).isEqualTo(aliceAccount.getEmail());
        assertThat(outboxCount()).isEqualTo(outboxBefore + 1);
        mvc.perform(get("/monitors/" + mine.getId()).with(alice))
                .andExpect(content()
                        .string(containsString("Held at <strong>FAILED</strong> by <span>" + aliceAccount.getEmail())))
                .andExpect(content().string(containsString("Release: follow the checks")));

        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(bob)
                        .param("status", "NONE"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "MAYBE"))
                .andExpect(status().isBadRequest());
        assertThat(monitors.findById(mine.getId()).orElseThrow().getOverrideStatus())
                .isEqualTo(Status.FAILED);

        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "NONE"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        assertThat(monitors.findById(mine.getId()).orElseThrow().getOverrideStatus())
                .isNull();
    }

    @Test
    void anotherUserGets404ForMyMonitorAndChangesNothing() throws Exception {
        Monitor mine = aliceMonitor();
        long outboxBefore = outboxCount();
        mvc.perform(get("/monitors/" + mine.getId()).with(bob)).andExpect(status().isNotFound());
        mvc.perform(get("/monitors/" + mine.getId() + "/edit").with(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId())
                        .with(csrf())
                        .with(bob)
                        .param("name", "hijacked")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("settings[host]", "evil")
                        .param("settings[port]", "1"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId() + "/delete").with(csrf()).with(bob))
                .andExpect(status().isNotFound());
        assertThat(monitors.findById(mine.getId()))
                .get()
                .extracting(Monitor::getName)
                .isEqualTo("alice's api");
        assertThat(outboxCount()).isEqualTo(outboxBefore);
        mvc.perform(get("/monitors").with(bob)).andExpect(content().string(not(containsString("alice&#39;s api"))));
    }

    @Test
    void anotherUserGets404ForMyReactionAndCannotAttachIt() throws Exception {
        ReactionConfig mine = new ReactionConfig(aliceAccount.getId(), "page alice", "email");
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

    @Test
    void editingWritesAnUpsertAndDeletingWritesADelete() throws Exception {
        Monitor mine = aliceMonitor();
        mvc.perform(post("/monitors/" + mine.getId())
                        .with(csrf())
                        .with(alice)
                        .param("name", "renamed")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "3")
                        .param("recoverThreshold", "1")
                        .param("enabled", "true")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "5433"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        Monitor edited = monitors.findById(mine.getId()).orElseThrow();
        assertThat(edited.getName()).isEqualTo("renamed");
        assertThat(edited.getSettings()).containsEntry("port", "5433");
        mvc.perform(post("/monitors/" + mine.getId() + "/delete").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/monitors"));
        assertThat(monitors.findById(mine.getId())).isEmpty();
        List<OutboxEntry.Operation> operations = outbox.findAll().stream()
                .filter(e -> e.getMonitorId().equals(mine.getId()))
                .map(OutboxEntry::getOperation)
                .toList();
        assertThat(operations).containsExactly(OutboxEntry.Operation.UPSERT, OutboxEntry.Operation.DELETE);
    }

    @Test
    void theDashboardCountsStatusesFromLiveStateAndListsEvents() throws Exception {
        Monitor up = aliceMonitor();
        Monitor down = aliceMonitor();
        aliceMonitor(); // no state yet: UNKNOWN
        redis.sync().hset(RedisKeys.state(up.getId()), Map.of(RedisKeys.StateField.STATUS, "HEALTHY"));
        redis.sync().hset(RedisKeys.state(down.getId()), Map.of(RedisKeys.StateField.STATUS, "FAILED"));
        events.save(new MonitorEvent(
                down.getId(),
                Status.HEALTHY,
                Status.FAILED,
                "connection refused to db:5432",
                "default",
                Instant.now()));
        mvc.perform(get("/").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<strong id=\"count-healthy\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-failed\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-unknown\">1</strong>")))
                .andExpect(content().string(containsString("connection refused to db:5432")));
    }

    @Test
    void theMonitorPageShowsRecentResultsEventsAndReactions() throws Exception {
        Monitor mine = aliceMonitor();
        redis.sync()
                .lpush(
                        RedisKeys.recent(mine.getId()),
                        MessageCodec.toJson(CheckResult.checked(
                                "r1",
                                mine.getId(),
                                "eu-west",
                                "w1",
                                Status.FAILED,
                                "no connection to db.internal:5432 within 5000 ms",
                                5000,
                                System.currentTimeMillis())));
        events.save(new MonitorEvent(
                mine.getId(), Status.UNKNOWN, Status.HEALTHY, "connected in 2 ms", "eu-west", Instant.now()));
        mvc.perform(get("/monitors/" + mine.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no connection to db.internal:5432 within 5000 ms")))
                .andExpect(content().string(containsString("connected in 2 ms")))
                .andExpect(content().string(containsString("eu-west")));
    }

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
        ReactionConfig mine = new ReactionConfig(aliceAccount.getId(), "page alice", "email");
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
    void everyPageSaysSoWhenEmailIsOnlyLogged() throws Exception {
        redis.sync().set(RedisKeys.MAIL_MODE, "log-only");
        mvc.perform(get("/monitors").with(alice))
                .andExpect(content()
                        .string(containsString("Email is not being delivered: no SMTP server is configured "
                                + "(set CLOUDROUTES_SMTP_HOST). Messages are written to the log.")));
        redis.sync().set(RedisKeys.MAIL_MODE, "smtp");
        mvc.perform(get("/monitors").with(alice))
                .andExpect(content().string(not(containsString("Email is not being delivered"))));
    }

    @Test
    void theMonitorFormIsDrawnFromTheCheckTypesSettings() throws Exception {
        mvc.perform(get("/monitors/new").param("type", "http").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"settings[url]\"")))
                .andExpect(content().string(containsString("<option value=\"HEAD\">HEAD</option>")))
                .andExpect(
                        content().string(containsString("<textarea id=\"setting-headers\" name=\"settings[headers]\"")))
                .andExpect(content().string(containsString("Codes and ranges that count as healthy")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(get("/monitors/new").param("type", "tcp").with(alice))
                .andExpect(content().string(containsString("type=\"number\" id=\"setting-port\"")));
    }

    @Test
    void everyCheckTypeHasAFormWithAFieldForEachOfItsSettings() throws Exception {
        for (CheckType type : CheckType.registry().all()) {
            String page = mvc.perform(
                            get("/monitors/new").param("type", type.id()).with(alice))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            for (Setting setting : type.settings()) {
                assertThat(page)
                        .as("%s form has %s", type.id(), setting.name())
                        .contains("name=\"settings[" + setting.name() + "]\"");
            }
        }
        assertThat(CheckType.registry().all())
                .extracting(CheckType::id)
                .contains(
                        "http",
                        "tcp",
                        "dns",
                        "tls-expiry",
                        "ping",
                        "postgres",
                        "redis",
                        "heartbeat",
                        "datadog",
                        "alertmanager",
                        "webhook");
    }

    @Test
    void anonymousVisitorsAreSentToLogin() throws Exception {
        mvc.perform(get("/monitors")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/signup")).andExpect(status().isOk());
    }
}
