package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Flap damping's safeguard: a disruptive run (a failover, a drain, a reboot) waits while its monitor is flapping, for a
 * status that changes every few minutes is no reason to move traffic. It reads the monitor's live state (one Redis
 * read), as the fold last left it; {@link FlapWatch} releases the run once the monitor is stable, and admission then
 * decides whether it is still due. A run released from this hold, by a person or by the watcher, passes.
 */
@Component
@Order(10) // first: a flapping status is no reason to count a run against the breaker or to ask anyone
class FlapHold implements Safeguards {

    private final RedisCommands<String, String> redis;

    FlapHold(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    @Override
    public Verdict admit(ReactionJobs.Job job, ReactionConfig reaction, Admission admission) {
        if (!admission.disruptive() || admission.releasedFrom(HeldKind.FLAPPING)) {
            return PASS;
        }
        FlapState flap = FlapState.read(redis, job.monitorId());
        if (!flap.flapping()) {
            return PASS;
        }
        return new Hold(
                HeldKind.FLAPPING,
                "held: " + flap.describe(admission.change().monitorName())
                        + "; disruptive actions wait until it is stable",
                null);
    }
}
