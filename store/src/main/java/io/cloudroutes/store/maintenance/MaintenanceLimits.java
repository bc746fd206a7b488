package io.cloudroutes.store.maintenance;

import java.time.Duration;

/** The limits of a maintenance window, each defined once; V25's CHECKs repeat the numbers. */
public final class MaintenanceLimits {

    /** The longest a window (one occurrence of a recurring one) may last: a month. */
    public static final Duration MAX_DURATION = Duration.ofDays(31);

    public static final int MAX_CRON_LENGTH = 120;

    public static final int MAX_TIME_ZONE_LENGTH = 64;

    /** The most monitors one window names by id (its tags can select more). */
    public static final int MOST_MONITORS = 1000;

    /**
     * The most occurrences one question about a range returns: a cron schedule firing every second over a year would
     * otherwise hold a caller for minutes. Occurrences past it are left out.
     */
    public static final int MOST_OCCURRENCES = 100_000;

    /**
     * How far ahead a run of occurrences that overlap or touch is followed to find where it ends. A recurring window
     * whose occurrences overlap (every hour for two hours) never ends: its run is followed this far, plus the last
     * occurrence that starts within it, and is found again from each later instant, so it moves on with time.
     */
    public static final Duration LONGEST_RUN_FOLLOWED = MAX_DURATION;

    private MaintenanceLimits() {}
}
