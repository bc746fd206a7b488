package io.cloudroutes.bench.schedule;

import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.worker.RecordingWorker;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What the recording worker saw: the lag of each job (received − due), and per monitor the due times of its jobs, so
 * that a monitor whose schedule passed over a slot shows. Only jobs due within the measured window
 * {@code [fromMillis, untilMillis)} count; the warm-up before it lets every monitor settle into its own slot.
 *
 * <p>Written by the worker's one thread; read by another only after the worker stopped ({@link RecordingWorker#close}
 * joins its thread), except {@link #progress}, which is made for that.
 */
final class ScheduleRecord implements RecordingWorker.JobListener {

    /** Lags up to an hour, in microseconds, to three significant digits. */
    private static final long MAX_LAG_MICROS = 3_600_000_000L;

    private final int monitors;
    private final long intervalMillis;
    private final long fromMillis;
    private final long untilMillis;
    private final Histogram lag = new Histogram(MAX_LAG_MICROS, 3);
    private final SingleWriterRecorder progress = new SingleWriterRecorder(MAX_LAG_MICROS, 3);
    /** Per monitor id: the first and last due time seen in the window (0: none yet), and whether it skipped a slot. */
    private final long[] firstDue;

    private final long[] lastDue;
    private final boolean[] gap;
    private long received;
    private long measured;
    private long duplicates;
    private long unknownMonitors;
    private long slotsMissedBetween;

    ScheduleRecord(int monitors, long intervalMillis, long fromMillis, long untilMillis) {
        this.monitors = monitors;
        this.intervalMillis = intervalMillis;
        this.fromMillis = fromMillis;
        this.untilMillis = untilMillis;
        this.firstDue = new long[monitors + 1];
        this.lastDue = new long[monitors + 1];
        this.gap = new boolean[monitors + 1];
    }

    @Override
    public void received(CheckJob job, long receivedAtMicros) {
        received++;
        long due = job.dueAtMillis();
        long lagMicros = Math.clamp(receivedAtMicros - due * 1_000, 0, MAX_LAG_MICROS);
        progress.recordValue(lagMicros);
        if (due < fromMillis || due >= untilMillis) {
            return;
        }
        long id = job.monitorId();
        if (id < 1 || id > monitors) {
            unknownMonitors++;
            return;
        }
        int monitor = (int) id;
        measured++;
        lag.recordValue(lagMicros);
        long last = lastDue[monitor];
        if (last == 0) {
            firstDue[monitor] = due;
        } else if (due <= last) {
            duplicates++; // the same slot twice, or an older one after a newer
            return;
        } else if (due - last > intervalMillis) {
            gap[monitor] = true;
            slotsMissedBetween += (due - last - 1) / intervalMillis;
        }
        lastDue[monitor] = due;
    }

    /** The lags recorded since the last call (every job, in the window or not); for progress lines. */
    Histogram progress() {
        return progress.getIntervalHistogram();
    }

    /** Jobs received, in the window or not. */
    long received() {
        return received;
    }

    /**
     * The outcome, once the worker stopped: a monitor is skipped when it was never seen in the window, when a slot
     * before its first job or after its last job in the window lies within the window, or when two of its due times are
     * more than one interval apart.
     */
    Outcome outcome() {
        long skipped = 0;
        long missed = slotsMissedBetween;
        long unseen = 0;
        long skippedAtStart = 0;
        long skippedBetween = 0;
        long skippedAtEnd = 0;
        long slotsInWindow = (untilMillis - fromMillis) / intervalMillis;
        for (int monitor = 1; monitor <= monitors; monitor++) {
            if (lastDue[monitor] == 0) {
                unseen++;
                skipped++;
                missed += slotsInWindow;
                continue;
            }
            long missedBefore = (firstDue[monitor] - fromMillis) / intervalMillis;
            long missedAfter = (untilMillis - 1 - lastDue[monitor]) / intervalMillis;
            if (gap[monitor] || missedBefore > 0 || missedAfter > 0) {
                skipped++;
                missed += missedBefore + missedAfter;
                skippedAtStart += missedBefore > 0 ? 1 : 0;
                skippedBetween += gap[monitor] ? 1 : 0;
                skippedAtEnd += missedAfter > 0 ? 1 : 0;
            }
        }
        return new Outcome(
                received,
                measured,
                lag.copy(),
                unseen,
                skipped,
                skippedAtStart,
                skippedBetween,
                skippedAtEnd,
                missed,
                duplicates,
                unknownMonitors);
    }

    /**
     * @param received       jobs the worker received, warm-up and drain included
     * @param measured       jobs due within the window
     * @param lag            their lags, microseconds
     * @param unseen         monitors with no job due within the window
     * @param skipped        monitors with a slot in the window and no job for it
     * @param skippedAtStart of those, monitors whose first job in the window came more than an interval after it opened
     *                       (still settling into their slots when it opened: lengthen the warm-up)
     * @param skippedBetween monitors with two jobs in the window more than an interval apart
     * @param skippedAtEnd   monitors whose last job in the window was due more than an interval before it closed
     * @param slotsMissed    slots in the window without a job, over all monitors
     * @param duplicates     jobs for a slot already seen (or older than one seen)
     * @param unknownMonitors jobs for monitors the benchmark did not write
     */
    record Outcome(
            long received,
            long measured,
            Histogram lag,
            long unseen,
            long skipped,
            long skippedAtStart,
            long skippedBetween,
            long skippedAtEnd,
            long slotsMissed,
            long duplicates,
            long unknownMonitors) {}
}
