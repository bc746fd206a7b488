package io.cloudroutes.core.message;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;

/**
 * One observation of a monitor: what a worker saw when it ran a check, what a sender pushed to a webhook, a heartbeat
 * ping, or a heartbeat's deadline passing without one. Made by the factory that says which ({@link #checked},
 * {@link #abstained}, {@link #pushed}, {@link #pinged}, {@link #late}; {@link #stored} for one read back from history); the canonical constructor is for reading the
 * wire format, which is these fields by these names and nothing else.
 *
 * @param resultId        names the observation, as {@link ResultIds} makes it (the job id for worker results)
 * @param monitorId       the monitor observed
 * @param status          HEALTHY or FAILED; never UNKNOWN
 * @param reason          human-readable explanation, e.g. "expected status 200 but got 503"
 * @param latencyMillis   how long the check took
 * @param zone            the vantage point that observed it: a worker's zone, {@link ZoneNames#WEBHOOK} or
 *                        {@link ZoneNames#HEARTBEAT}
 * @param source          who produced it: a worker id, a webhook kind, {@link #PING_SOURCE} or {@link #DEADLINE_SOURCE}
 * @param checkedAtMillis when the observation was made (epoch millis)
 * @param abstaining      the result must not vote: the observing zone cannot reach its own canary, or the worker
 *                        could not run the check for a limit of its own (its reason says which)
 */
public record CheckResult(
        String resultId,
        long monitorId,
        Status status,
        String reason,
        long latencyMillis,
        String zone,
        String source,
        long checkedAtMillis,
        Boolean abstaining) {

    /** The source of a heartbeat ping's result. */
    public static final String PING_SOURCE = "ping";
    /** The source of the result an actioner folds when a heartbeat's deadline passed without a ping. */
    public static final String DEADLINE_SOURCE = "deadline";
    /**
     * How the reason of every result a zone abstains from because it cannot reach its own canary begins: the marker
     * the actioners tell a zone whose network is suspect by ({@link #canaryDown}), in the wire format workers of
     * every version already send.
     */
    public static final String CANARY_DOWN = "this zone cannot reach its canary";

    public CheckResult {
        if (status == Status.UNKNOWN) {
            throw new IllegalArgumentException("a check result is HEALTHY or FAILED, not UNKNOWN");
        }
        reason = reason == null ? "" : reason;
        abstaining = Boolean.TRUE.equals(abstaining); // absent in webhook results and older workers: it votes
    }

    /**
     * What worker {@code workerId} in {@code zone} saw running the job's check, begun at {@code checkedAtMillis}: it
     * votes for the zone.
     */
    public static CheckResult checked(
            CheckJob job,
            String zone,
            String workerId,
            Status status,
            String reason,
            long latencyMillis,
            long checkedAtMillis) {
        return checked(job.jobId(), job.monitorId(), zone, workerId, status, reason, latencyMillis, checkedAtMillis);
    }

    /** The same for job {@code jobId} of the monitor. */
    public static CheckResult checked(
            String jobId,
            long monitorId,
            String zone,
            String workerId,
            Status status,
            String reason,
            long latencyMillis,
            long checkedAtMillis) {
        return new CheckResult(jobId, monitorId, status, reason, latencyMillis, zone, workerId, checkedAtMillis, false);
    }

    /**
     * A worker's result of the job that must not vote: its zone cannot reach its own canary, or the worker could not
     * run the check for a limit of its own. It is recorded, with its reason, and the zone keeps no judgement.
     */
    public static CheckResult abstained(
            CheckJob job,
            String zone,
            String workerId,
            Status status,
            String reason,
            long latencyMillis,
            long checkedAtMillis) {
        return abstained(job.jobId(), job.monitorId(), zone, workerId, status, reason, latencyMillis, checkedAtMillis);
    }

    /** The same for job {@code jobId} of the monitor. */
    public static CheckResult abstained(
            String jobId,
            long monitorId,
            String zone,
            String workerId,
            Status status,
            String reason,
            long latencyMillis,
            long checkedAtMillis) {
        return new CheckResult(jobId, monitorId, status, reason, latencyMillis, zone, workerId, checkedAtMillis, true);
    }

    /**
     * What a sender pushed to the monitor's webhook of kind {@code source} ({@code webhook}, {@code datadog},
     * {@code alertmanager}) in delivery {@code deliveryId}, received at {@code receivedAtMillis}: zone
     * {@link ZoneNames#WEBHOOK}. The sender's own delivery id keeps its retries one observation; a delivery without
     * one takes {@link ResultIds#newDelivery()}.
     */
    public static CheckResult pushed(
            String source, long monitorId, String deliveryId, Status status, String reason, long receivedAtMillis) {
        return new CheckResult(
                ResultIds.pushed(source, monitorId, deliveryId),
                monitorId,
                status,
                reason,
                0,
                ZoneNames.WEBHOOK,
                source,
                receivedAtMillis,
                false);
    }

    /** A heartbeat ping of the monitor, received at {@code pingedAtMillis}: zone {@link ZoneNames#HEARTBEAT}. */
    public static CheckResult pinged(long monitorId, Status status, String reason, long pingedAtMillis) {
        return new CheckResult(
                ResultIds.ping(monitorId),
                monitorId,
                status,
                reason,
                0,
                ZoneNames.HEARTBEAT,
                PING_SOURCE,
                pingedAtMillis,
                false);
    }

    /**
     * The FAILED result of the monitor's heartbeat deadline that passed without a ping, observed at the deadline:
     * every actioner that claims the same deadline makes the same result (and id).
     */
    public static CheckResult late(long monitorId, long deadlineMillis, String reason) {
        return new CheckResult(
                ResultIds.late(monitorId, deadlineMillis),
                monitorId,
                Status.FAILED,
                reason,
                0,
                ZoneNames.HEARTBEAT,
                DEADLINE_SOURCE,
                deadlineMillis,
                false);
    }

    /**
     * A result as it was stored in the monitor's history, for a replay of it: its own id when it was kept with one,
     * otherwise an id of where and when it was observed ({@link ResultIds#history}).
     *
     * @param storedId the id it was stored with, or null
     */
    public static CheckResult stored(
            String storedId,
            long monitorId,
            Status status,
            String reason,
            long latencyMillis,
            String zone,
            String source,
            long checkedAtMillis,
            boolean abstaining) {
        return new CheckResult(
                storedId != null ? storedId : ResultIds.history(monitorId, zone, checkedAtMillis),
                monitorId,
                status,
                reason,
                latencyMillis,
                zone,
                source,
                checkedAtMillis,
                abstaining);
    }

    /** The same observation with another reason. */
    public CheckResult withReason(String otherReason) {
        return new CheckResult(
                resultId, monitorId, status, otherReason, latencyMillis, zone, source, checkedAtMillis, abstaining);
    }

    /** Whether the result abstains because its zone cannot reach its own canary (not for a limit of its worker). */
    public boolean canaryDown() {
        return abstaining && reason.startsWith(CANARY_DOWN);
    }

    /** Whether this is the late result of a heartbeat deadline ({@link #late}), not an observation of the target. */
    public boolean missedDeadline() {
        return DEADLINE_SOURCE.equals(source);
    }

    /** When the result was known: its check's start plus how long the check took (epoch ms). */
    public long knownAtMillis() {
        return knownAtMillis(checkedAtMillis, latencyMillis);
    }

    /** When a result checked at {@code checkedAtMillis} that took {@code latencyMillis} was known (epoch ms). */
    public static long knownAtMillis(long checkedAtMillis, long latencyMillis) {
        return checkedAtMillis + Math.max(0, latencyMillis);
    }
}
