package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replay gives the decisions the live actioner made: a monitor voted on by two zones under a majority quorum, with a
 * zone that stops voting while it cannot reach its canary, an escalation, a frequency limit, paired notices and a
 * maintenance window, is run live (real actioner, PostgreSQL, Redis, results through the stream); then its stored
 * history is replayed for the same reactions, and the runs it says would have been made are those the actioner made:
 * same episode, reaction, step, time, and whether each ran or why not. The replay leaves no key in Redis.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
@Import({ActionerFixtures.Repositories.class, ActionerInfrastructure.MovableClock.class})
class ReplayMatchesLiveTest {

    /** Long enough that the results fed inside it are folded inside it, however slow the machine. */
    private static final Duration WINDOW = Duration.ofSeconds(40);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @Autowired
    ActionerFixtures.Repositories crbridge;

    @Autowired
    ActionerInfrastructure.TestClock clock;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    MaintenanceWatch watch;

    @Autowired
    StateFolder folder;

    @Autowired
    HistoryReplay replay;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    @Autowired
    JdbcTemplate jdbc;

    ActionerFixtures fixtures;
    RedisCommands<String, String> redis;
    HttpReceiver receiver;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        fixtures = crbridge.forNewOwner("replay");
        redis = connection.sync();
        // maintenance marks expire by Redis' clock after the time left by the actioner's: keep to the real time
        clock.set(Instant.now());
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private ReactionConfig webhook(String path, CallOn callOn, int trigger, int step, int frequencySeconds) {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "POST " + path, "webhook");
        reaction.setSettings(Map.of("url", receiver.url(path)));
        reaction.setCallOn(callOn);
        reaction.setTriggerCount(trigger);
        reaction.setEscalationStep(step);
        reaction.setFrequencySeconds(frequencySeconds);
        return reactions.save(reaction);
    }

    private Monitor twoZoneMonitor(ReactionConfig... attached) {
        Monitor monitor = new Monitor(fixtures.teamId(), fixtures.owner().getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setZones(List.of("eu", "us"));
        monitor.setQuorum(Quorum.MAJORITY);
        monitor.setReactions(Set.of(attached));
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        return saved;
    }

    private int fed;

    private void report(Monitor monitor, String zone, Status status) {
        fed++;
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        zone,
                        "worker-" + zone,
                        status,
                        status == Status.FAILED ? "HTTP 503" : "HTTP 200",
                        3,
                        System.currentTimeMillis()));
    }

    private void abstain(Monitor monitor, String zone) {
        fed++;
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.abstained(
                        ResultIds.newJob(),
                        monitor.getId(),
                        zone,
                        "worker-" + zone,
                        Status.HEALTHY,
                        "this zone cannot reach its canary (timeout)",
                        3,
                        System.currentTimeMillis()));
    }

    /** Waits until the actioner decided this many runs of the monitor, escalation steps included, and finished them. */
    private void settled(Monitor monitor, int jobs) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                        "select count(*) from reaction_jobs where monitor_id = ? and kind = 'RUN'",
                                        Integer.class,
                                        monitor.getId())
                                == jobs
                        && jdbc.queryForObject(
                                        "select count(*) from reaction_jobs where monitor_id = ? and finished_at is null",
                                        Integer.class,
                                        monitor.getId())
                                == 0);
    }

    /** A run as compared: episode, reaction, step, the check time of the result that made it due, ran or why not. */
    record Compared(String episode, long reactionId, int step, long checkedAtMillis, String skipReason) {}

    private List<Compared> live(Monitor monitor) {
        return jdbc.query(
                "select episode, reaction_id, escalation_step, change, skip_reason from reaction_jobs "
                        + "where monitor_id = ? and kind = 'RUN' order by id",
                (rs, i) -> new Compared(
                        rs.getString("episode"),
                        rs.getLong("reaction_id"),
                        rs.getInt("escalation_step"),
                        MessageCodec.fromJson(rs.getString("change"), StatusChanged.class)
                                .atMillis(),
                        rs.getString("skip_reason")),
                monitor.getId());
    }

    @Test
    void replayOfTheStoredHistoryDecidesWhatTheLiveActionerDid() {
        ReactionConfig failover = webhook("/failover", CallOn.FAILED, 1, 1, 0);
        ReactionConfig page = webhook("/page", CallOn.FAILED, 1, 2, 0);
        ReactionConfig notice = webhook("/notice", CallOn.BOTH, 2, 1, 3600);
        Monitor monitor = twoZoneMonitor(failover, page, notice);

        report(monitor, "eu", Status.HEALTHY);
        report(monitor, "us", Status.HEALTHY);
        report(monitor, "eu", Status.FAILED); // one of two: a tie stays HEALTHY
        report(monitor, "us", Status.FAILED); // both: FAILED, the failover, then the page
        settled(monitor, 2);
        abstain(monitor, "us"); // us stops voting: eu alone says FAILED, and nothing counts
        report(monitor, "eu", Status.FAILED); // the second result of the failure: the notice
        settled(monitor, 3);
        report(monitor, "us", Status.HEALTHY); // votes again: a tie, HEALTHY
        report(monitor, "eu", Status.HEALTHY); // the second: the recovery notice the notice owes
        settled(monitor, 4);

        // in whole milliseconds, as PostgreSQL keeps the window and the fold its times; after every result so far
        Instant begin = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        clock.set(begin);
        MaintenanceWindow window = new MaintenanceWindow(monitor.getTeamId(), begin);
        window.setName("patch night");
        window.happenOnce("UTC", begin, begin.plus(WINDOW));
        window.setMonitorIds(Set.of(monitor.getId()));
        windows.save(window);
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists(RedisKeys.maintenance(monitor.getId())) == 1);
        report(monitor, "eu", Status.FAILED);
        report(monitor, "us", Status.FAILED); // held: no transition, nothing runs
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");
        await().atMost(WINDOW.multipliedBy(2)).until(() -> Instant.now().isAfter(begin.plus(WINDOW)));
        clock.set(begin.plus(WINDOW)); // the window's end: FAILED at once, the failover, the page
        watch.holdAndRelease();
        settled(monitor, 6);
        report(monitor, "eu", Status.FAILED); // the notice again: within its frequency, skipped
        settled(monitor, 7);
        report(monitor, "eu", Status.HEALTHY);
        report(monitor, "us", Status.HEALTHY); // no recovery notice: the failure's notice was skipped
        settled(monitor, 8);

        List<Compared> live = live(monitor);
        assertThat(live)
                .extracting(Compared::skipReason)
                .filteredOn(r -> r == null)
                .hasSize(6);
        assertThat(receiver.hits("/failover")).isEqualTo(2);
        assertThat(receiver.hits("/notice")).isEqualTo(2);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.queryForList(
                                "select zone || ' ' || status || ' ' || abstaining from check_results "
                                        + "where monitor_id = ? and folded_at is not null and result_id is not null",
                                String.class,
                                monitor.getId()))
                        .hasSize(fed));

        MonitorDefinition definition = folder.definition(monitor.getId()).orElseThrow();
        HistoryReplay.Outcome replayed = replay.replay(
                definition,
                List.of(failover, page, notice),
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plusSeconds(1));

        assertThat(replayed.resultsReplayed()).isEqualTo(fed);
        assertThat(replayed.runs())
                .extracting(run -> new Compared(
                        run.episode(),
                        run.reaction().getId(),
                        run.step(),
                        run.checkedAt().toEpochMilli(),
                        run.skipReason()))
                .containsExactlyElementsOf(live);
        // asked for from crweb: the notice as a proposed reaction, never saved; an actioner replays it
        long reactionsBefore = reactions.count();
        clock.set(Instant.now().plusSeconds(1)); // the replay reaches back from the actioner's now
        long requestId = jdbc.queryForObject(
                "insert into replay_requests (team_id, monitor_id, requested_by, requested_at, days, reaction_name, "
                        + "reaction_type, call_on, trigger_count, frequency_seconds, escalation_step, "
                        + "escalation_wait_seconds) values (?, ?, 'ops@example.com', now(), 1, 'notice', 'webhook', "
                        + "'BOTH', 2, 3600, 1, 0) returning id",
                Long.class,
                monitor.getTeamId(),
                monitor.getId());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "DONE"
                        .equals(jdbc.queryForObject(
                                "select state from replay_requests where id = ?", String.class, requestId)));
        assertThat(jdbc.query(
                        "select episode, step, held_for, would_run, skip_reason from replay_decisions "
                                + "where request_id = ? order by at, id",
                        (rs, i) -> rs.getString("episode") + " step " + rs.getInt("step") + " "
                                + (rs.getBoolean("would_run") ? "runs" : rs.getString("skip_reason")),
                        requestId))
                .containsExactlyElementsOf(live.stream()
                        .filter(run -> run.reactionId() == notice.getId())
                        .map(run -> run.episode() + " step " + run.step() + " "
                                + (run.skipReason() == null ? "runs" : run.skipReason()))
                        .toList());
        assertThat(reactions.count()).isEqualTo(reactionsBefore);

        assertThat(redis.scan(io.lettuce.core.ScanArgs.Builder.matches(RedisKeys.PREFIX + "replay:*")
                                .limit(10_000))
                        .getKeys())
                .isEmpty();
    }
}
