package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The blast-radius breaker at a run's admission: a disruptive run (a DNS failover, a drain, a reboot) is held while a
 * trip holds its team (too much of the team, or of everything, failed at once, or CloudRoutes' own checkers look
 * broken: {@link BreakerWatch}), and so is a team's disruptive run beyond its limit within the runs window, counted
 * atomically in Redis with every actioner. A person releases held runs; a run released from a breaker hold passes.
 */
@Component
@Order(20) // before approvals: a mass outage does not send a request for every failover
class BlastRadius implements Safeguards {

    /** What the team's disruptive runs are counted as ({@link RedisKeys#rateWindow}). */
    static final String RATE_WHAT = "disruptive-runs";

    private final SafeguardTrips trips;
    private final BreakerLimits limits;
    private final RateWindow.Windows windows;
    private final Counter held;

    BlastRadius(
            SafeguardTrips trips,
            BreakerLimits limits,
            StatefulRedisConnection<String, String> connection,
            MeterRegistry meters) {
        this.trips = trips;
        this.limits = limits;
        this.windows = RateWindow.in(connection.sync());
        this.held = Counter.builder("cloudroutes.safeguards.held")
                .tag("kind", HeldKind.BREAKER.name())
                .description("disruptive runs the blast-radius breaker held")
                .register(meters);
    }

    @Override
    public Verdict admit(ReactionJobs.Job job, ReactionConfig reaction, Admission admission) {
        if (!admission.disruptive() || admission.releasedFrom(HeldKind.BREAKER)) {
            return PASS;
        }
        Long teamId = reaction.getTeamId();
        Optional<SafeguardTrips.Trip> trip = trips.holding(teamId == null ? -1 : teamId);
        if (trip.isPresent()) {
            held.increment();
            return new Hold(HeldKind.BREAKER, trip.get().reason(), null);
        }
        if (teamId == null || admission.releasedFrom(HeldKind.APPROVAL)) {
            // no team to count for, or counted already when it passed here before waiting for its approval
            return PASS;
        }
        BreakerLimits.Limits team = limits.of(teamId);
        RateWindow.Taken taken = windows.take(
                RedisKeys.rateWindow(RATE_WHAT, teamId),
                admission.now().toEpochMilli(),
                team.runsWindow(),
                team.disruptiveRuns());
        if (taken.taken()) {
            return PASS;
        }
        String reason = "held: more than " + team.disruptiveRuns() + " disruptive runs of team '" + team.teamName()
                + "' within " + Durations.words(team.runsWindow()) + " (limit " + team.disruptiveRuns()
                + "); release on the Held runs page";
        trips.open(teamId, SafeguardTrips.Kind.DISRUPTIVE_RUNS, reason, admission.now());
        held.increment();
        return new Hold(HeldKind.BREAKER, reason, null);
    }
}
