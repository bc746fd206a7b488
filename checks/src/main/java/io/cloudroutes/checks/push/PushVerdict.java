package io.cloudroutes.checks.push;

import io.cloudroutes.core.Status;
import java.util.List;

/** What a pushed type makes of one delivery. */
public sealed interface PushVerdict
        permits PushVerdict.Record,
                PushVerdict.FoldAlerts,
                PushVerdict.Ignored,
                PushVerdict.Unrecognized,
                PushVerdict.NotServed {

    /**
     * Record a result with this status and reason. A {@code deliveryId} (the sender's own id of the delivery) makes the
     * sender's retries one observation: a delivery with an id recorded before is answered as a duplicate. Null when
     * the sender gives none: every delivery is then a new observation.
     *
     * @param note what of the delivery was not used and why (fields ignored), added to the answer; empty if none
     */
    record Record(Status status, String reason, String deliveryId, String note) implements PushVerdict {}

    /**
     * Apply these alerts to the monitor's set of firing alerts and record one result in the same step: FAILED (its
     * reason lists the alerts firing) while any fires, HEALTHY with {@code healthyReason} once none does.
     */
    record FoldAlerts(List<AlertChange> changes, String healthyReason, String note) implements PushVerdict {

        public FoldAlerts {
            changes = List.copyOf(changes);
        }
    }

    /** Nothing is recorded because the type means to ignore what was reported (e.g. a warning); {@code why} says so. */
    record Ignored(String why) implements PushVerdict {}

    /**
     * What was reported is not something the type knows: nothing is recorded, the sender is answered 200 (senders do not
     * retry it, and a refusal would be lost) and the delivery is kept in the monitor's delivery log.
     */
    record Unrecognized(String why, String note) implements PushVerdict {}

    /** The URL names nothing this type serves (e.g. an unknown ping suffix): answered 404 like an unknown URL. */
    record NotServed() implements PushVerdict {}

    static PushVerdict record(Status status, String reason) {
        return new Record(status, reason, null, "");
    }
}
