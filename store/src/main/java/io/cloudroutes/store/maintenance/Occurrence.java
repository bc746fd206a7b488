package io.cloudroutes.store.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /**
     * Where the run of occurrences ({@code byStart}, in the order they start) that holds {@code instant} ends: the end of the one that contains it, or of
     * the furthest reached through occurrences that overlap or touch one another from there; empty when none contains
     * {@code instant}. One pass over occurrences in the order they start, so a window that is always on costs no more
     * than the occurrences asked for.
     */
    public static Optional<Instant> runEnd(Instant instant, List<Occurrence> byStart) {
        Instant until = instant;
        for (Occurrence occurrence : byStart) {
            if (occurrence.start().isAfter(until)) {
                break;
            }
            if (occurrence.end().isAfter(until)) {
                until = occurrence.end();
            }
        }
        return until.equals(instant) ? Optional.empty() : Optional.of(until);
    }

    /** The part of this occurrence inside [from, to), for sums over a range (uptime with maintenance left out). */
    public Occurrence clippedTo(Instant from, Instant to) {
        return new Occurrence(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end);
    }
}
