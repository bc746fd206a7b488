package io.cloudroutes.crbridge.bridge;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.domain.Limit;

/** Monitors, reactions and results for the tests of Redis losing its data, saved as crweb saves them. */
record LossFixtures(
        UserAccount owner,
        long teamId,
        MonitorRepository monitors,
        ReactionConfigRepository reactions,
        ReactionRunRepository runs,
        MonitorEventRepository events,
        OutboxRepository outbox,
        RedisCommands<String, String> redis) {

    /** A failing monitor whose failure was paged, and a healthy one beside it, both with the paging reaction. */
    record PagedFailure(ReactionConfig page, Monitor failing, Monitor healthy) {}

    PagedFailure aPagedFailureAndAHealthyMonitor() {
        ReactionConfig page = reaction(CallOn.FAILED, 0);
        Monitor failing = monitor("checkout", page);
        Monitor healthy = monitor("search", page);
        report(failing, Status.FAILED, "connection refused");
        report(healthy, Status.HEALTHY, "HTTP 200");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.findByMonitorIdAndReactionIdOrderByIdAsc(failing.getId(), page.getId())
                                .size()
                        == 1);
        return new PagedFailure(page, failing, healthy);
    }

    /** An email reaction paging on-call. */
    ReactionConfig reaction(CallOn callOn, int frequencySeconds) {
        ReactionConfig reaction = new ReactionConfig(teamId, owner.getId(), "page on-call", "email");
        reaction.setSettings(Map.of("to", "oncall@example.com"));
        reaction.setCallOn(callOn);
        reaction.setFrequencySeconds(frequencySeconds);
        return reactions.save(reaction);
    }

    /** A TCP monitor that fails and recovers on one result, once the bridge wrote it to Redis. */
    Monitor monitor(String name, ReactionConfig attached) {
        Monitor monitor = new Monitor(teamId, owner.getId(), name, "tcp");
        monitor.setSettings(Map.of("host", "127.0.0.1", "port", "1"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setReactions(Set.of(attached));
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        return saved;
    }

    /** This many TCP monitors, HEALTHY in PostgreSQL since a transition just now, and not written to Redis. */
    List<Monitor> healthyFleet(int count) {
        List<Monitor> fleet = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Monitor monitor = new Monitor(teamId, owner.getId(), "fleet-" + i, "tcp");
            monitor.setSettings(Map.of("host", "127.0.0.1", "port", "1"));
            monitor.setIntervalSeconds(60);
            monitor.setTimeoutSeconds(5);
            fleet.add(monitor);
        }
        fleet = monitors.saveAll(fleet);
        events.saveAll(fleet.stream()
                .map(monitor -> new MonitorEvent(
                        monitor.getId(), Status.UNKNOWN, Status.HEALTHY, "HTTP 200", "default", Instant.now()))
                .toList());
        return fleet;
    }

    void report(Monitor monitor, Status status, String reason) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        "default",
                        "worker",
                        status,
                        reason,
                        3,
                        System.currentTimeMillis()));
    }

    /** The monitor's transitions as PostgreSQL records them, newest first. */
    List<String> transitions(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(10)).stream()
                .map(event -> event.getFromStatus() + "->" + event.getToStatus())
                .toList();
    }
}
