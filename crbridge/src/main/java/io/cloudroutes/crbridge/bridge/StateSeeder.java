package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Restores the live status of monitors whose state Redis lost (FLUSHALL, a restart without persistence) from their
 * last transition in PostgreSQL: the status, the status it came from and since when. A monitor that was FAILED stays
 * FAILED, so its next failing result is no new transition and runs no reaction again, and its recovery is a real
 * transition that undoes what the failure did: the reactions that acted on the failure, as PostgreSQL's runs record
 * them, are put back in the monitor's restore and recovery-notice sets. A monitor PostgreSQL has no transition for stays
 * UNKNOWN.
 */
@Component
class StateSeeder {

    /**
     * Past every trigger a reaction may have ({@link Limits.TriggerCount#MAX}): for monitors whose results cannot be
     * counted from their interval, no trigger of the seeded episode is reached again.
     */
    static final int PAST_EVERY_TRIGGER = Limits.TriggerCount.MAX + 1;
    /** Never overwrites a state the actioner has written meanwhile: a folded result knows better than PostgreSQL. */
    private final RedisScript seed = RedisScript.of(StateSeeder.class, "seed-state.lua");

    private final PluginRegistry<ReactionType> types;
    private final EntityManager entities;
    private final RedisCommands<String, String> redis;
    private final RedisMonitorWriter writer;
    private final Clock clock;

    StateSeeder(
            PluginRegistry<ReactionType> types,
            EntityManager entities,
            StatefulRedisConnection<String, String> connection,
            RedisMonitorWriter writer,
            Clock clock) {
        this.types = types;
        this.entities = entities;
        this.redis = connection.sync();
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Seeds the monitors of one page that have no state in Redis; returns how many it seeded. Called before the page's
     * monitors are scheduled again, so that no check of theirs is folded without the status they had.
     */
    int seedMissing(Collection<Monitor> page) {
        List<Monitor> missing = page.stream()
                .filter(monitor -> redis.exists(RedisKeys.state(monitor.getId())) == 0)
                .toList();
        if (missing.isEmpty()) {
            return 0;
        }
        Map<Long, Monitor> byId = missing.stream().collect(Collectors.toMap(Monitor::getId, Function.identity()));
        List<MonitorEvent> latest = entities.createQuery(
                        "select e from MonitorEvent e where e.id in "
                                + "(select max(l.id) from MonitorEvent l where l.monitorId in :ids group by l.monitorId)",
                        MonitorEvent.class)
                .setParameter("ids", byId.keySet())
                .getResultList();
        int seeded = 0;
        for (MonitorEvent event : latest) {
            Monitor monitor = byId.get(event.getMonitorId());
            Long written = seed.eval(
                    redis,
                    ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.state(monitor.getId())},
                    event.getToStatus().name(),
                    event.getFromStatus().name(),
                    String.valueOf(event.getOccurredAt().toEpochMilli()),
                    String.valueOf(heldFor(monitor, event)),
                    event.getReason(),
                    event.getZone() == null ? "" : event.getZone(),
                    event.getEpisode() == null ? "" : event.getEpisode());
            if (written != null && written == 1) {
                seeded++;
                if (event.getToStatus() == Status.FAILED) {
                    owedOnRecovery(event);
                }
            }
        }
        return seeded;
    }

    /**
     * Puts back what the failure's reactions owe its recovery: a failover to undo (a run that EXECUTED a type that
     * restores on recovery) and a recovery notice (a reaction on both changes that was not skipped).
     */
    private void owedOnRecovery(MonitorEvent failure) {
        List<ReactionRun> acted = entities.createQuery(
                        "select r from ReactionRun r where r.monitorId = :monitor "
                                + "and r.eventId = :event and r.restore = false and r.outcome <> :skipped",
                        ReactionRun.class)
                .setParameter("monitor", failure.getMonitorId())
                .setParameter("event", failure.getId())
                .setParameter("skipped", ReactionOutcome.SKIPPED)
                .getResultList();
        for (ReactionRun run : acted) {
            ReactionConfig reaction =
                    run.getReactionId() == null ? null : entities.find(ReactionConfig.class, run.getReactionId());
            if (reaction == null) {
                continue;
            }
            String id = String.valueOf(reaction.getId());
            if (run.getOutcome() == ReactionOutcome.EXECUTED
                    && types.find(reaction.getReactionType())
                            .map(ReactionType::restoresOnRecovery)
                            .orElse(false)) {
                redis.sadd(RedisKeys.restore(failure.getMonitorId()), id);
            }
            if (reaction.getCallOn() == CallOn.BOTH) {
                redis.sadd(RedisKeys.recoveryNotices(failure.getMonitorId()), id);
            }
        }
    }

    /**
     * How many results may have agreed with the status since the transition. For a transition recorded with its
     * episode, only the transition itself. For an older one, counted generously: every zone's check
     * on time, every interval. A reaction whose trigger lies within it may have run before the loss and must not run
     * again; one beyond it has surely not been reached. Pushed monitors (webhooks, heartbeats) have no interval.
     */
    private int heldFor(Monitor monitor, MonitorEvent event) {
        if (event.getEpisode() != null) {
            // The episode is known, and the ledger writes each reaction's job of an episode once: a trigger reached
            // again finds its job there and runs nothing, and one not reached before the loss is still reached.
            return 1;
        }
        // asked of PostgreSQL's monitor, not of Redis: a monitor is seeded before the rebuild schedules it again
        if (!writer.scheduled(monitor)) {
            return PAST_EVERY_TRIGGER;
        }
        long elapsedMillis = Math.max(0, clock.millis() - event.getOccurredAt().toEpochMilli());
        long intervals = elapsedMillis / (Math.max(1, monitor.getIntervalSeconds()) * 1000L);
        long zones = Math.max(1, monitor.getZoneList().size());
        return (int) Math.min(PAST_EVERY_TRIGGER, 1 + (intervals + 1) * zones);
    }
}
