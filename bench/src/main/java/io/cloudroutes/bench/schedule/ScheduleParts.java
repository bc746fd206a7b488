package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.Scrape;
import java.util.Map;

/**
 * The parts under test, cram-control and cram-broker, wherever they run ({@code -Dbench.processes}): in the
 * benchmark's JVM ({@link PartsInThisJvm}) or each in a JVM of its own ({@link PartsInChildJvms}). Redis and the
 * recording worker are the benchmark's own either way.
 */
interface ScheduleParts extends AutoCloseable {

    /** The control's and the broker's meters, read now, in Prometheus' names. */
    Scrape metrics();

    /** The processes the parts have to themselves, by name, in the order the report lists them; none in this JVM. */
    Map<String, ProcessHandle> ownProcesses();

    /** Fails, saying why, when a part no longer runs: its figures would be a dead process's. */
    void requireRunning();

    /** One line saying what runs where. */
    String description();

    /** Stops the control, then the broker. */
    @Override
    void close();
}
