package io.cloudroutes.store.maintenance;

import java.time.Instant;

/** One occurrence of a maintenance window: from {@code start} (included) to {@code end} (excluded). */
public record Occurrence(Instant start, Instant end) {

    public Occurrence {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an occurrence ends after it starts: " + start + " to " + end);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** The part of this occurrence inside [from, to), for sums over a range (uptime with maintenance left out). */
    public Occurrence clippedTo(Instant from, Instant to) {
        return new Occurrence(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end);
    }
}
