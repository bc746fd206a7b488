package io.cloudroutes.core.message;

import io.cloudroutes.core.Status;

/**
 * One observation of a monitor: what a worker saw when it ran a check, or what a webhook reported.
 *
 * @param resultId        unique id (the job id for worker results; a delivery id for webhooks)
 * @param monitorId       the monitor observed
 * @param status          HEALTHY or FAILED; never UNKNOWN
 * @param reason          human-readable explanation, e.g. "expected status 200 but got 503"
 * @param latencyMillis   how long the check took
 * @param zone            the vantage point that observed it (a worker's zone, or "webhook")
 * @param source          who produced it: a worker id or a webhook kind
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

    public CheckResult {
        if (status == Status.UNKNOWN) {
            throw new IllegalArgumentException("a check result is HEALTHY or FAILED, not UNKNOWN");
        }
        reason = reason == null ? "" : reason;
        abstaining = Boolean.TRUE.equals(abstaining); // absent in webhook results and older workers: it votes
    }

    /** When the result was known: its check's start plus how long the check took (epoch ms). */
    public long knownAtMillis() {
        return knownAtMillis(checkedAtMillis, latencyMillis);
    }

    /** When a result checked at {@code checkedAtMillis} that took {@code latencyMillis} was known (epoch ms). */
    public static long knownAtMillis(long checkedAtMillis, long latencyMillis) {
        return checkedAtMillis + Math.max(0, latencyMillis);
    }

    /** A result that votes (its zone can reach its canary, or has none). */
    public CheckResult(
            String resultId,
            long monitorId,
            Status status,
            String reason,
            long latencyMillis,
            String zone,
            String source,
            long checkedAtMillis) {
        this(resultId, monitorId, status, reason, latencyMillis, zone, source, checkedAtMillis, false);
    }
}
