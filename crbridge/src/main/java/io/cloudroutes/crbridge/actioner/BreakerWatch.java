package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.lettuce.core.Range;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens and closes the breaker's trips, every second on every actioner, on the application's clock. A team's trip
 * opens when more than its share of its enabled monitors (and at least the minimum) turned FAILED within its window
 * (their events), the trip over all monitors the same over every team; the checkers' trip when CloudRoutes' own
 * checkers look broken ({@link ZoneHealth}). A trip closes once its condition has not held for a whole window; a
 * disruptive-runs trip ({@link BlastRadius} opens it) once the team is below its limit again. Opening is a conditional
 * insert and closing a conditional update, so that of several actioners one does each; then the trip's one notice
 * goes out ({@link BreakerNotices}).
 */
@Component
class BreakerWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(BreakerWatch.class);
    /** Pushed checks are not CloudRoutes' checkers: their silence says nothing of the workers. */
    private static final String PUSHED_TYPES = "'webhook', 'datadog', 'alertmanager', 'heartbeat'";

    private final JdbcTemplate jdbc;
    private final SafeguardTrips trips;
    private final BreakerLimits limits;
    private final ZoneHealth zones;
    private final BreakerNotices notices;
    private final RedisCommands<String, String> redis;
    private final CrbridgeProperties.Safeguards settings;
    private final Clock clock;
    private final AtomicInteger openTrips = new AtomicInteger();

    BreakerWatch(
            JdbcTemplate jdbc,
            SafeguardTrips trips,
            BreakerLimits limits,
            ZoneHealth zones,
            BreakerNotices notices,
            StatefulRedisConnection<String, String> connection,
            MeterRegistry meters,
            Clock clock) {
        super("blast-radius trips");
        this.jdbc = jdbc;
        this.trips = trips;
        this.limits = limits;
        this.zones = zones;
        this.notices = notices;
        this.redis = connection.sync();
        this.settings = limits.defaults();
        this.clock = clock;
        Gauge.builder("cloudroutes.safeguards.trips.open", openTrips, AtomicInteger::get)
                .description(
                        "blast-radius trips open now: while one is open, the disruptive runs of its scope are held")
                .register(meters);
    }

    @Override
    void runOnce() {
        watch(clock.instant());
    }

    /** One round at {@code now}. */
    synchronized void watch(Instant now) {
        for (Share share : teamShares(now)) {
            judge(share.teamId(), SafeguardTrips.Kind.FAILED_SHARE, share.over(settings.minFailed()), share, now);
        }
        Share all = globalShare(now);
        judge(null, SafeguardTrips.Kind.FAILED_SHARE, all.over(settings.minFailed()), all, now);
        Optional<String> broken = zones.broken(now, settings.silence(), workerMonitors());
        judge(
                null,
                SafeguardTrips.Kind.CHECKERS,
                broken.isPresent(),
                broken.map(why -> "held: " + why + "; release on the Held runs page")
                        .orElse(null),
                settings.window(),
                now);
        for (SafeguardTrips.Trip trip : trips.open()) {
            if (trip.kind() == SafeguardTrips.Kind.DISRUPTIVE_RUNS && trip.teamId() != null) {
                BreakerLimits.Limits team = limits.of(trip.teamId());
                long recent = redis.zcount(
                        RedisKeys.rateWindow(BlastRadius.RATE_WHAT, trip.teamId()),
                        Range.create((double) now.minus(team.runsWindow()).toEpochMilli(), Double.POSITIVE_INFINITY));
                if (recent < team.disruptiveRuns() && trips.close(trip, now)) {
                    log.info("blast-radius trip closed trip={} team={} kind={}", trip.id(), trip.teamId(), trip.kind());
                }
            }
        }
        notices.sendPending(now);
        openTrips.set(trips.open().size());
    }

    private void judge(Long teamId, SafeguardTrips.Kind kind, boolean over, Share share, Instant now) {
        judge(teamId, kind, over, over ? share.reason() : null, share.window(), now);
    }

    /** Opens the scope's trip while its condition holds, closes it once it has not for a whole window. */
    private void judge(
            Long teamId, SafeguardTrips.Kind kind, boolean over, String reason, Duration window, Instant now) {
        if (over) {
            trips.open(teamId, kind, reason, now)
                    .ifPresent(trip -> log.warn(
                            "blast-radius trip opened, disruptive runs are held trip={} team={} kind={} reason=\"{}\"",
                            trip.id(),
                            teamId == null ? "all" : teamId,
                            kind,
                            reason));
            return;
        }
        Optional<SafeguardTrips.Trip> open = trips.open(teamId, kind);
        if (open.isEmpty()) {
            return;
        }
        SafeguardTrips.Trip trip = open.get();
        if (trip.calmSince() == null) {
            trips.calm(trip, now);
        } else if (!trip.calmSince().plus(window).isAfter(now) && trips.close(trip, now)) {
            log.info(
                    "blast-radius trip closed after a calm window trip={} team={} kind={}",
                    trip.id(),
                    teamId == null ? "all" : teamId,
                    kind);
        }
    }

    /** How many of a scope's enabled monitors turned FAILED within its window. */
    record Share(Long teamId, String teamName, long failed, long total, int limitPercent, Duration window) {

        boolean over(int minFailed) {
            return failed >= minFailed && failed * 100 > (long) limitPercent * total;
        }

        String reason() {
            long percent = total == 0 ? 0 : Math.round(failed * 100.0 / total);
            String scope = teamName == null ? "all monitors" : "team '" + teamName + "' monitors";
            return "held: " + percent + "% of " + scope + " failed within " + Durations.words(window) + " (limit "
                    + limitPercent + "%); release on the Held runs page";
        }
    }

    private List<Share> teamShares(Instant now) {
        return jdbc.query(
                "select t.id, t.name, coalesce(t.breaker_share_percent, ?) as share, "
                        + "coalesce(t.breaker_window_seconds, ?) as win, count(m.id) as total, "
                        + "count(m.id) filter (where exists (select 1 from events e where e.monitor_id = m.id "
                        + "and e.to_status = 'FAILED' and e.occurred_at > cast(? as timestamptz) "
                        + "- coalesce(t.breaker_window_seconds, ?) * interval '1 second')) as failed "
                        + "from teams t join monitors m on m.team_id = t.id and m.enabled group by t.id, t.name",
                (rs, n) -> new Share(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getLong("failed"),
                        rs.getLong("total"),
                        rs.getInt("share"),
                        Duration.ofSeconds(rs.getLong("win"))),
                settings.sharePercent(),
                settings.window().toSeconds(),
                Timestamp.from(now),
                settings.window().toSeconds());
    }

    private Share globalShare(Instant now) {
        return jdbc.queryForObject(
                "select count(*) as total, count(*) filter (where exists (select 1 from events e "
                        + "where e.monitor_id = m.id and e.to_status = 'FAILED' and e.occurred_at > ?)) as failed "
                        + "from monitors m where m.enabled",
                (rs, n) -> new Share(
                        null,
                        null,
                        rs.getLong("failed"),
                        rs.getLong("total"),
                        settings.sharePercent(),
                        settings.window()),
                Timestamp.from(now.minus(settings.window())));
    }

    private boolean workerMonitors() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from monitors where enabled and check_type not in (" + PUSHED_TYPES + "))",
                Boolean.class));
    }
}
