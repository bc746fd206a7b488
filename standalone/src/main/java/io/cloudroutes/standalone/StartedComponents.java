package io.cloudroutes.standalone;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the standalone has started, stopped last-started-first: the processes, then Redis and PostgreSQL, which they
 * use. The JVM's shutdown hook holds it from before the first database starts, so that SIGTERM during start-up stops
 * what is already running instead of leaving the databases behind.
 */
final class StartedComponents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartedComponents.class);

    private record Component(String name, AutoCloseable closeable) {}

    private final Deque<Component> started = new ArrayDeque<>();
    private boolean closed;

    /** Adds a started component; once closing has begun it is stopped at once and the start is abandoned. */
    synchronized void add(String name, AutoCloseable closeable) {
        started.push(new Component(name, closeable));
        if (closed) {
            close();
            throw new IllegalStateException("CloudRoutes is stopping; " + name + " was stopped again");
        }
    }

    /** Stops everything in reverse start order; safe to call twice. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!started.isEmpty()) {
            Component component = started.pop();
            log.info("stopping component={}", component.name());
            try {
                component.closeable().close();
                log.info("stopped component={}", component.name());
            } catch (Exception e) {
                log.warn("error while stopping component={} error={}", component.name(), e.toString());
            }
        }
    }
}
