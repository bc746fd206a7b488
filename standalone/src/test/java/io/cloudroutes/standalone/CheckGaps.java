package io.cloudroutes.standalone;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a target's own log says about how regularly its monitors were checked within a window: the intervals each
 * monitor went without a check, checks that came again within half an interval, and how long the monitors waited for
 * their next check after a fault.
 *
 * <p>A gap between two checks (or between a window's edge and the nearest check) of g milliseconds stands for
 * {@code floor(g / interval - 0.5)} missed checks: up to half an interval late is on time (the schedule's spread and a
 * busy worker), one and a half intervals or more is a check that never came. Time the whole machine stood still
 * ({@link HostPauses}) is taken out of a gap first: nothing could check then.
 */
record CheckGaps(Map<Integer, Integer> missedByMonitor, int repeatedChecks, long longestWaitAfterFaultMillis) {

    static CheckGaps of(
            RecordingTarget target,
            int monitors,
            long intervalMillis,
            long from,
            long to,
            long faultAt,
            HostPauses pauses) {
        Map<Integer, Integer> missed = new TreeMap<>();
        int repeated = 0;
        long longestWait = 0;
        for (int monitor = 0; monitor < monitors; monitor++) {
            List<Long> checks = target.checksOf(monitor).stream()
                    .filter(at -> at >= from && at <= to)
                    .toList();
            long previous = from;
            int missedHere = 0;
            Long firstAfterFault = null;
            for (long at : checks) {
                long gap = at - previous - pauses.pausedMillis(previous, at);
                missedHere += missedIn(gap, intervalMillis);
                if (previous != from && gap < intervalMillis / 2) {
                    repeated++;
                }
                if (firstAfterFault == null && at >= faultAt) {
                    firstAfterFault = at;
                }
                previous = at;
            }
            missedHere += missedIn(to - previous - pauses.pausedMillis(previous, to), intervalMillis);
            if (missedHere > 0) {
                missed.put(monitor, missedHere);
            }
            longestWait = Math.max(longestWait, (firstAfterFault == null ? to : firstAfterFault) - faultAt);
        }
        return new CheckGaps(missed, repeated, longestWait);
    }

    /**
     * The target's log of the window, one line per monitor: its number, then each check's time in milliseconds from
     * the fault (negative: before it), for a person looking into a failure.
     */
    void write(java.nio.file.Path file, RecordingTarget target, int monitors, long from, long to, long faultAt)
            throws java.io.IOException {
        StringBuilder lines = new StringBuilder("monitor,missed,checks (ms from the fault)\n");
        for (int monitor = 0; monitor < monitors; monitor++) {
            lines.append(monitor).append(',').append(missedByMonitor.getOrDefault(monitor, 0));
            for (long at : target.checksOf(monitor)) {
                if (at >= from && at <= to) {
                    lines.append(',').append(at - faultAt);
                }
            }
            lines.append('\n');
        }
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, lines);
    }

    private static int missedIn(long gapMillis, long intervalMillis) {
        return (int) Math.max(0, Math.floor((double) gapMillis / intervalMillis - 0.5));
    }

    /** Monitors that missed exactly one interval: allowed around a fault. */
    long monitorsMissingOne() {
        return missedByMonitor.values().stream().filter(missed -> missed == 1).count();
    }

    /** Monitors that missed more than one interval, with how many each missed. */
    Map<Integer, Integer> worst() {
        Map<Integer, Integer> worst = new TreeMap<>(missedByMonitor);
        worst.values().removeIf(missed -> missed <= 1);
        return worst;
    }
}
