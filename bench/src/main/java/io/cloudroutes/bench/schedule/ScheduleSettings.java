package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.ChildJvm;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the schedule benchmark runs.
 *
 * @param monitors    monitors in the schedule, all with the same interval
 * @param interval    their interval (whole seconds, as a monitor's)
 * @param duration    the measured window, after the warm-up
 * @param warmup      from the control's start to the window: at least two intervals, so that every monitor has been
 *                    claimed once and moved to its own slot (the first claim moves a monitor up to 1.5 intervals on);
 *                    more when the first claims run late
 * @param credits     jobs the recording worker lets the broker send it at once; large, so the worker is never the
 *                    limit
 * @param controlEnv  settings passed to the control and broker as their environment (e.g.
 *                    {@code CLOUDROUTES_CONTROL_BATCH_SIZE}); unset ones take the deployment's defaults
 * @param processes   where the control and the broker run: in the benchmark's JVM, or each in its own
 * @param controlJvmOptions the control's JVM options when it runs in its own JVM
 * @param brokerJvmOptions  the broker's, likewise
 */
public record ScheduleSettings(
        int monitors,
        Duration interval,
        Duration duration,
        Duration warmup,
        int credits,
        Map<String, String> controlEnv,
        Processes processes,
        List<String> controlJvmOptions,
        List<String> brokerJvmOptions) {

    /** Where the control and the broker run. */
    public enum Processes {
        /** In the benchmark's JVM, beside the recording worker. */
        SAME,
        /** Each in a JVM of its own, started from the benchmark's class path, as a deployment runs them. */
        SEPARATE
    }

    /** The JVM options of the control and of the broker in their own JVMs unless set: a small heap, one GC thread. */
    public static final String DEFAULT_CHILD_JVM_OPTIONS = "-Xmx128m -XX:+UseSerialGC";

    /** The control and the broker in the benchmark's JVM. */
    public ScheduleSettings(
            int monitors,
            Duration interval,
            Duration duration,
            Duration warmup,
            int credits,
            Map<String, String> controlEnv) {
        this(monitors, interval, duration, warmup, credits, controlEnv, Processes.SAME, List.of(), List.of());
    }

    public ScheduleSettings {
        if (monitors < 1 || credits < 1) {
            throw new IllegalArgumentException("monitors and credits must be positive");
        }
        if (interval.toMillis() % 1000 != 0 || interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the interval is whole seconds, as a monitor's: " + interval);
        }
        if (warmup.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the warm-up must last two intervals ("
                    + interval.multipliedBy(2).toSeconds()
                    + " s) so that every monitor is in its own slot when the window opens: " + warmup);
        }
        if (duration.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the window must hold one interval at least: " + duration);
        }
        controlEnv = Map.copyOf(controlEnv);
        controlJvmOptions = List.copyOf(controlJvmOptions);
        brokerJvmOptions = List.copyOf(brokerJvmOptions);
    }

    /** The same with the control and the broker each in a JVM of its own, with these options. */
    public ScheduleSettings inSeparateProcesses(List<String> controlJvm, List<String> brokerJvm) {
        return new ScheduleSettings(
                monitors, interval, duration, warmup, credits, controlEnv, Processes.SEPARATE, controlJvm, brokerJvm);
    }

    /**
     * From system properties: {@code bench.monitors} (100000), {@code bench.interval} (10 s), {@code bench.duration}
     * (600 s), {@code bench.warmup} (three intervals: the first claims of 100,000 monitors run late on a busy
     * machine), {@code bench.credits} (2000), and the control's
     * {@code bench.control.batch} ({@code CLOUDROUTES_CONTROL_BATCH_SIZE}) and {@code bench.control.poll-millis}
     * ({@code CLOUDROUTES_CONTROL_POLL_MILLIS}), unset by default (the deployment's defaults); {@code bench.processes}
     * ({@code same}, or {@code separate}: the control and the broker each in its own JVM, with the options
     * {@code bench.jvm.control} and {@code bench.jvm.broker}, {@value #DEFAULT_CHILD_JVM_OPTIONS} unless set).
     */
    static ScheduleSettings fromSystemProperties() {
        Duration interval = Duration.ofSeconds(Long.getLong("bench.interval", 10));
        Map<String, String> env = new LinkedHashMap<>();
        putIfSet(env, "CLOUDROUTES_CONTROL_BATCH_SIZE", "bench.control.batch");
        putIfSet(env, "CLOUDROUTES_CONTROL_POLL_MILLIS", "bench.control.poll-millis");
        String processes = System.getProperty("bench.processes", "same").trim();
        return new ScheduleSettings(
                Integer.getInteger("bench.monitors", 100_000),
                interval,
                Duration.ofSeconds(Long.getLong("bench.duration", 600)),
                Duration.ofSeconds(
                        Long.getLong("bench.warmup", interval.multipliedBy(3).toSeconds())),
                Integer.getInteger("bench.credits", 2_000),
                env,
                switch (processes.toLowerCase(Locale.ROOT)) {
                    case "same" -> Processes.SAME;
                    case "separate" -> Processes.SEPARATE;
                    default -> throw new IllegalArgumentException("bench.processes is same or separate: " + processes);
                },
                ChildJvm.jvmOptions("bench.jvm.control", DEFAULT_CHILD_JVM_OPTIONS),
                ChildJvm.jvmOptions("bench.jvm.broker", DEFAULT_CHILD_JVM_OPTIONS));
    }

    private static void putIfSet(Map<String, String> env, String variable, String property) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            env.put(variable, value.trim());
        }
    }
}
