package io.cloudroutes.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The ids a log line is about, kept in the logging context (SLF4J's MDC) while a piece of work runs, so that every
 * line it logs carries them: as {@code monitor=42} fields of JSON lines ({@code CLOUDROUTES_LOG_FORMAT=json}). Each
 * key is named here once, so that a query for one monitor finds the lines of every process.
 *
 * <pre>{@code
 * try (LogContext.Scope ignored = LogContext.monitor(result.monitorId())) {
 *     processor.process(result);
 * }
 * }</pre>
 */
public final class LogContext {

    /** The monitor a line is about. */
    public static final String MONITOR = "monitor";
    /** The reaction a line is about. */
    public static final String REACTION = "reaction";
    /** The reaction run a line is about. */
    public static final String RUN = "run";
    /** The durable reaction job a line is about (its run gets an id of its own once it finished). */
    public static final String JOB = "job";

    private LogContext() {}

    /** Puts values back as they were when the scope began; closing twice does nothing more. */
    public static final class Scope implements AutoCloseable {
        private final List<String> keys;
        private final List<String> previous;
        private boolean closed;

        private Scope(List<String> keys, List<String> previous) {
            this.keys = keys;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < keys.size(); i++) {
                if (previous.get(i) == null) {
                    MDC.remove(keys.get(i));
                } else {
                    MDC.put(keys.get(i), previous.get(i));
                }
            }
        }
    }

    /** Lines logged until the scope closes are about {@code monitorId}. */
    public static Scope monitor(long monitorId) {
        return with(MONITOR, String.valueOf(monitorId));
    }

    /** Lines logged until the scope closes are about one reaction of one monitor, in one run (null: not known yet). */
    public static Scope reaction(long monitorId, long reactionId, Long runId) {
        return runId == null
                ? with(MONITOR, String.valueOf(monitorId), REACTION, String.valueOf(reactionId))
                : with(
                        MONITOR,
                        String.valueOf(monitorId),
                        REACTION,
                        String.valueOf(reactionId),
                        RUN,
                        String.valueOf(runId));
    }

    /** Lines logged until the scope closes are about one job of one reaction of one monitor. */
    public static Scope job(long monitorId, long reactionId, long jobId) {
        return with(
                MONITOR, String.valueOf(monitorId), REACTION, String.valueOf(reactionId), JOB, String.valueOf(jobId));
    }

    /**
     * {@code work} with the logging context of the thread that calls this, for work handed to another thread (an
     * executor's threads do not inherit it).
     */
    public static <T> Callable<T> carried(Callable<T> work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                return work.call();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    private static Scope with(String... keysAndValues) {
        List<String> keys = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            keys.add(keysAndValues[i]);
            previous.add(MDC.get(keysAndValues[i]));
            MDC.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Scope(keys, previous);
    }
}
