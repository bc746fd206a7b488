package io.cloudroutes.core.message;

import java.util.UUID;

/**
 * The one scheme of result ids. A result id names one observation: the actioner folds an id once within an hour
 * ({@code cr:seen:{resultId}}), and the result that begins an episode names it (PostgreSQL keys the episode's event and
 * reaction jobs on it). Two results therefore carry the same id exactly when they are the same observation sent again,
 * and each kind of result says which sendings those are:
 *
 * <ul>
 *   <li>a worker's result carries the id of its job ({@link #newJob()}), so a result sent again after a lost
 *       acknowledgement is folded once, and a job run in two zones is two jobs;
 *   <li>a pushed result is {@code {source}:{monitorId}:{deliveryId}}: a sender's own delivery id (Datadog's
 *       {@code $ID}) is the same in each retry of that delivery, so a retry is folded once; a delivery that carries no
 *       id of its own gets a fresh one ({@link #newDelivery()}), so each is a new observation;
 *   <li>a heartbeat ping is {@code ping:{monitorId}:{fresh}}: each ping is a new observation;
 *   <li>a stored result kept without an id of its own is {@code history:{monitorId}:{zone}:{checkedAtMillis}}, the
 *       same in every replay of it;
 *   <li>a late heartbeat is {@code late:{monitorId}:{deadlineMillis}}: every actioner that claims the same deadline (a
 *       claim put back after a failed fold is claimed again) makes the same id, so the deadline fails the monitor once.
 * </ul>
 *
 * Each id but a job's is {@code {kind}:{monitorId}:{discriminator}}. These formats are on the wire and in Redis and
 * PostgreSQL: processes of different versions must make the same id for the same observation.
 */
public final class ResultIds {

    /** The kind of a heartbeat ping's id. */
    static final String PING = "ping";
    /** The kind of a late heartbeat's id. */
    static final String LATE = "late";
    /** The kind of the id of a stored result that was kept without its own (results stored before ids were). */
    static final String HISTORY = "history";

    private ResultIds() {}

    /** The id of a new check job, which the worker's result of it carries. */
    public static String newJob() {
        return fresh();
    }

    /** A delivery id for a delivery whose sender gives none: each such delivery is a new observation. */
    public static String newDelivery() {
        return fresh();
    }

    /** The id of a result pushed by {@code source} for the monitor in the delivery {@code deliveryId}. */
    static String pushed(String source, long monitorId, String deliveryId) {
        return of(source, monitorId, deliveryId);
    }

    /** The id of a new heartbeat ping of the monitor. */
    static String ping(long monitorId) {
        return of(PING, monitorId, fresh());
    }

    /** The id of the late result of the monitor's heartbeat deadline: the same in every actioner. */
    static String late(long monitorId, long deadlineMillis) {
        return of(LATE, monitorId, String.valueOf(deadlineMillis));
    }

    /**
     * The id of a stored result of the monitor that was kept without its own: where and when it was observed, the same
     * in every replay of it.
     */
    static String history(long monitorId, String zone, long checkedAtMillis) {
        return of(HISTORY, monitorId, zone + ":" + checkedAtMillis);
    }

    private static String of(String kind, long monitorId, String discriminator) {
        return kind + ":" + monitorId + ":" + discriminator;
    }

    private static String fresh() {
        return UUID.randomUUID().toString();
    }
}
