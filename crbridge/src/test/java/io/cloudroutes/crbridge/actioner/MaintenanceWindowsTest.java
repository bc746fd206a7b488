package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Maintenance windows as the actioner enforces them, against real PostgreSQL, Redis and an HTTP receiver that counts
 * what each reaction sends: inside a window results are recorded but change no status and run no reaction; at its end
 * the monitor takes at once the status its checks give, and the reactions of that change run once.
 */
@SpringBootTest(
        classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class MaintenanceWindowsTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @Autowired
    ActionerInfrastructure.TestClock clock;

    @Autowired
    TeamRepository teams;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    @Autowired
    MaintenanceWatch watch;

    @Autowired
    StateFolder folder;

    @Autowired
    DecisionLedger ledger;

    RedisCommands<String, String> redis;
    UserAccount owner;
    HttpReceiver receiver;
    Instant start;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        // the marks expire by Redis' clock after the time left by the actioner's: start from the real time
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(start);
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private ReactionConfig webhook(String path, CallOn callOn) {
        ReactionConfig reaction =
                new ReactionConfig(teams.personalTeamIdOf(owner.getId()), owner.getId(), "POST " + path, "webhook");
        reaction.setSettings(Map.of("url", receiver.url(path)));
        reaction.setCallOn(callOn);
        reaction.setTriggerCount(1);
        return reactions.save(reaction);
    }

    private Monitor monitor(List<String> tags, ReactionConfig... attached) {
        Monitor monitor = new Monitor(teams.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(2);
        monitor.setRecoverThreshold(1);
        monitor.setTags(tags);
        monitor.setReactions(Set.of(attached));
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        return saved;
    }

    /** A window from a minute ago to ten minutes from now, for the monitor or a tag; waits until it holds. */
    private MaintenanceWindow windowFor(Monitor monitor, Set<Long> monitorIds, List<String> tags) {
        MaintenanceWindow window = new MaintenanceWindow(monitor.getTeamId(), clock.instant());
        window.setName("patch night");
        window.happenOnce("Europe/Berlin", start.minusSeconds(60), start.plus(Duration.ofMinutes(10)));
        window.setMonitorIds(monitorIds);
        window.setTags(tags);
        windows.save(window);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.maintenance(monitor.getId())) == 1);
        return window;
    }

    private void report(Monitor monitor, Status status) {
        String reason = status == Status.FAILED ? "HTTP 503" : "HTTP 200";
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(), monitor.getId(), "default", "worker", status, reason, 3, clock.millis()));
    }

    private String status(Monitor monitor) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS);
    }

    private List<MonitorEvent> timeline(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50))
                .reversed();
    }

    private List<String> transitions(Monitor monitor) {
        return timeline(monitor).stream()
                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                .toList();
    }

    @Test
    void failuresInAWindowChangeNoStatusAndRunNothingAndItsEndFailsTheMonitorAtOnce() {
        ReactionConfig failover = webhook("/failover", CallOn.FAILED);
        Monitor monitor = monitor(List.of(), failover);
        report(monitor, Status.HEALTHY);
        windowFor(monitor, Set.of(monitor.getId()), List.of());

        for (int i = 0; i < 4; i++) {
            report(monitor, Status.FAILED);
        }
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.REASON))
                .isEqualTo("held for maintenance (would be FAILED): HTTP 503");
        // still recorded and shown: every result is among the recent ones
        assertThat(redis.llen(RedisKeys.recent(monitor.getId()))).isEqualTo(5);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(receiver.hits("/failover")).isZero();

        // two actioners see the window end together: one of them re-evaluates it
        MaintenanceWatch another = new MaintenanceWatch(connection, folder, ledger, windows, clock);
        clock.set(start.plus(Duration.ofMinutes(10)));
        another.holdAndRelease();
        watch.holdAndRelease();
        assertThat(status(monitor)).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits("/failover") == 1);
        assertThat(redis.exists(RedisKeys.maintenance(monitor.getId()))).isZero();
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(timeline(monitor).getLast().getReason()).isEqualTo("maintenance ended; HTTP 503");

        // the failure goes on as one episode: its reaction does not run again
        report(monitor, Status.FAILED);
        assertThat(another.holdAndRelease()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
        assertThat(receiver.hits("/failover")).isEqualTo(1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
    }

    @Test
    void aMonitorThatRecoversInAWindowTaggedForItTurnsHealthyAtItsEnd() {
        ReactionConfig failover = webhook("/down", CallOn.FAILED);
        ReactionConfig recovered = webhook("/back", CallOn.HEALTHY);
        Monitor monitor = monitor(List.of("db"), failover, recovered);
        report(monitor, Status.FAILED);
        report(monitor, Status.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits("/down") == 1);
        windowFor(monitor, Set.of(), List.of("db"));

        report(monitor, Status.HEALTHY);
        report(monitor, Status.HEALTHY);
        assertThat(status(monitor)).isEqualTo("FAILED");
        assertThat(receiver.hits("/back")).isZero();

        clock.set(start.plus(Duration.ofMinutes(10)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "HEALTHY".equals(status(monitor)));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits("/back") == 1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->FAILED", "FAILED->HEALTHY");
        assertThat(receiver.hits("/down")).isEqualTo(1);
    }

    @Test
    void aMonitorWhoseWindowIsDeletedIsReEvaluatedAtOnce() {
        Monitor monitor = monitor(List.of());
        report(monitor, Status.HEALTHY);
        MaintenanceWindow window = windowFor(monitor, Set.of(monitor.getId()), List.of());
        report(monitor, Status.FAILED);
        report(monitor, Status.FAILED);
        assertThat(status(monitor)).isEqualTo("HEALTHY");

        windows.delete(window);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(monitor)));
        assertThat(redis.exists(RedisKeys.maintenance(monitor.getId()))).isZero();
    }
}
