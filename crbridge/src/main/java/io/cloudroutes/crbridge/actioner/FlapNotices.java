package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Notifications while a monitor flaps say so once: of a notify (not disruptive) reaction's runs in one flapping
 * spell, the first that would be sent is sent, saying that the monitor flaps and disruptive actions are held; the
 * others are recorded as not sent. Which run is the notice is decided in Redis by HSETNX ({@link
 * RedisKeys#FLAP_NOTICES}), so of several actioners exactly one run wins; {@link FlapWatch} forgets a monitor's
 * notices once it is stable, so that its next spell is told of again.
 */
@Component
class FlapNotices {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** Removes a notice only while its monitor is not flapping: a new spell that began meanwhile keeps its notice. */
    private static final String FORGET_IF_STABLE =
            "if redis.call('HGET', KEYS[1], 'flapping') == '1' then return 0 end "
                    + "return redis.call('HDEL', KEYS[2], ARGV[1])";

    private final RedisCommands<String, String> redis;
    private final Clock clock;

    FlapNotices(StatefulRedisConnection<String, String> connection, Clock clock) {
        this.redis = connection.sync();
        this.clock = clock;
    }

    /**
     * Admits a run past flap damping's notices: when the monitor flaps and the run only tells people, it is sent only
     * if it is the spell's first for its reaction (and {@code otherwise}, the admission's remaining checks, lets it);
     * every other run gets the reason it is not sent. Disruptive runs, and runs of a monitor that does not flap, are
     * left to {@code otherwise}.
     *
     * @return null to send it, else why it is not sent
     */
    String admit(ReactionJobs.Job job, StatusChanged change, boolean disruptive, Supplier<String> otherwise) {
        if (disruptive || !FlapState.read(redis, job.monitorId()).flapping()) {
            return otherwise.get();
        }
        String field = field(job);
        String notice = redis.hget(RedisKeys.FLAP_NOTICES, field);
        if (notice != null && !isOf(notice, job)) {
            return notSent(change, notice);
        }
        String skip = otherwise.get(); // a run refused anyway (frequency, pairing) does not use up the notice
        if (skip != null || notice != null) {
            return skip;
        }
        if (redis.hsetnx(RedisKeys.FLAP_NOTICES, field, job.id() + ":" + clock.millis())) {
            return null;
        }
        String winner = redis.hget(RedisKeys.FLAP_NOTICES, field);
        return notSent(change, winner == null ? job.id() + ":" + clock.millis() : winner);
    }

    /**
     * The change as the run tells it: for the run that is its spell's notice, the reason says that the monitor flaps
     * and disruptive actions are held, before the last result's reason; any other run's change is as it was.
     */
    StatusChanged told(ReactionJobs.Job job, StatusChanged change) {
        String notice = redis.hget(RedisKeys.FLAP_NOTICES, field(job));
        if (notice == null || !isOf(notice, job)) {
            return change;
        }
        FlapState flap = FlapState.read(redis, job.monitorId());
        String reason = flap.describe(change.monitorName())
                + ": disruptive actions are held until it is stable, and its further changes are not notified. "
                + "Last result: " + change.reason();
        return new StatusChanged(
                change.monitorId(),
                change.monitorName(),
                change.from(),
                change.to(),
                reason,
                change.zone(),
                change.atMillis(),
                change.heldFor(),
                change.detectedAtMillis());
    }

    /** The monitors with a notice of a flapping spell: their ids, each with the notices' fields. */
    Map<String, String> notices() {
        return redis.hgetall(RedisKeys.FLAP_NOTICES);
    }

    /** Forgets a notice of a monitor that is stable again, unless it flaps again already. */
    void forgetIfStable(long monitorId, String field) {
        redis.eval(
                FORGET_IF_STABLE,
                ScriptOutputType.INTEGER,
                new String[] {RedisKeys.state(monitorId), RedisKeys.FLAP_NOTICES},
                field);
    }

    /** The monitor a notice's field names. */
    static long monitorOf(String field) {
        return Long.parseLong(field.substring(0, field.indexOf(':')));
    }

    private static String field(ReactionJobs.Job job) {
        return job.monitorId() + ":" + job.reactionId();
    }

    private static boolean isOf(String notice, ReactionJobs.Job job) {
        return notice.startsWith(job.id() + ":");
    }

    private static String notSent(StatusChanged change, String notice) {
        long at = Long.parseLong(notice.substring(notice.indexOf(':') + 1));
        return "not sent: '" + change.monitorName() + "' is flapping; notified once at "
                + TIME.format(Instant.ofEpochMilli(at)) + " UTC";
    }
}
