package io.cloudroutes.bench.load;

import io.cloudroutes.bench.Scrape;
import java.util.Map;

/**
 * CloudRoutes as the harness drives and measures it, whichever way it runs: {@code -Dbench.mode=standalone} (one JVM
 * with its embedded databases) or {@code distributed} (every process on its own).
 */
interface SystemUnderLoad extends AutoCloseable {

    /** crweb's UI and API. */
    CloudRoutesApi api();

    /** The Prometheus metrics of every CloudRoutes process, read now: series of the same name are summed over them. */
    Scrape scrape();

    /**
     * The processes whose CPU and RSS are reported, by name, in the order they are listed: each one with its
     * descendants (PostgreSQL's backends, the standalone's embedded databases).
     */
    Map<String, ProcessHandle> measuredProcesses();

    /** One line saying what runs where, with the logs' places. */
    String description();
}
