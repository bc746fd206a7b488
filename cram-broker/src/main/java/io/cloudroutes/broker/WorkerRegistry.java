package io.cloudroutes.broker;

import io.cloudroutes.core.zmq.BrokerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers connected to a broker, by their socket identity: the credits each has granted and not yet used, and
 * when it was last heard from. Chooses which worker of a zone gets the next job. Used by the routing thread only; the
 * times it is given are that thread's {@code System.currentTimeMillis()}.
 */
final class WorkerRegistry {

    // Under the broker's name, as every line of the broker.
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long SILENT_MILLIS = BrokerProtocol.LIVENESS * BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();

    // Insertion order doubles as round-robin order: a worker that got a job moves to the end.
    private final LinkedHashMap<String, WorkerSlot> workers = new LinkedHashMap<>();

    /**
     * A worker's READY: it holds {@code capacity} credits and was heard from {@code now}. A worker already known by
     * {@code key} starts over with these, in its place in the round-robin order.
     *
     * @param key      the worker's socket identity, as a map key
     * @param identity the worker's socket identity, to send to
     */
    WorkerSlot join(String key, byte[] identity, String zone, int capacity, boolean readsBatches, long now) {
        WorkerSlot joined = new WorkerSlot(
                key, identity, new String(identity, StandardCharsets.UTF_8), zone, capacity, now, readsBatches);
        workers.put(key, joined);
        return joined;
    }

    /** A worker's CREDIT: {@code credits} more jobs it can run; ignored from a worker that has not joined. */
    void credit(String key, int credits, long now) {
        WorkerSlot worker = workers.get(key);
        if (worker != null) {
            worker.credits += credits;
            worker.lastSeen = now;
        }
    }

    /** A worker's HEARTBEAT; ignored from a worker that has not joined. */
    void heard(String key, long now) {
        WorkerSlot worker = workers.get(key);
        if (worker != null) {
            worker.lastSeen = now;
        }
    }

    /** A worker's BYE: it gets no more work. The worker that left, or null when none had joined by {@code key}. */
    WorkerSlot leave(String key) {
        return workers.remove(key);
    }

    /**
     * Removes the workers not heard from for {@link BrokerProtocol#LIVENESS} heartbeats before {@code now}: they get
     * no more work. Returns them.
     */
    List<WorkerSlot> removeSilent(long now) {
        long deadline = now - SILENT_MILLIS;
        List<WorkerSlot> silent = new ArrayList<>();
        Iterator<WorkerSlot> iterator = workers.values().iterator();
        while (iterator.hasNext()) {
            WorkerSlot worker = iterator.next();
            if (worker.lastSeen < deadline) {
                iterator.remove();
                silent.add(worker);
                log.warn(
                        "worker left worker={} reason=silent for {} heartbeats",
                        worker.name(),
                        BrokerProtocol.LIVENESS);
            }
        }
        return silent;
    }

    /** The worker of the zone with the most free credits; among equals the one that waited longest. */
    WorkerSlot freest(String zone) {
        WorkerSlot best = null;
        for (WorkerSlot worker : workers.values()) {
            if (worker.zone.equals(zone) && worker.credits > 0 && (best == null || worker.credits > best.credits)) {
                best = worker;
            }
        }
        return best;
    }

    /** The worker was sent {@code jobs} jobs: they use as many of its credits, and it waits its turn again. */
    void sent(WorkerSlot worker, int jobs) {
        worker.credits -= jobs;
        // to the back of the round-robin order
        workers.remove(worker.key);
        workers.put(worker.key, worker);
    }

    /** Whether any live worker serves the zone. */
    boolean hasWorkersIn(String zone) {
        return workers.values().stream().anyMatch(w -> w.zone.equals(zone));
    }

    /** The live workers, in round-robin order (a read-only view). */
    Collection<WorkerSlot> all() {
        return Collections.unmodifiableCollection(workers.values());
    }

    int size() {
        return workers.size();
    }

    /** What the broker knows of one connected worker. */
    static final class WorkerSlot {
        private final String key;
        private final byte[] identity;
        private final String name;
        private final String zone;
        private final boolean readsBatches;
        private int credits;
        private long lastSeen;

        private WorkerSlot(
                String key,
                byte[] identity,
                String name,
                String zone,
                int credits,
                long lastSeen,
                boolean readsBatches) {
            this.key = key;
            this.identity = identity;
            this.name = name;
            this.zone = zone;
            this.credits = credits;
            this.lastSeen = lastSeen;
            this.readsBatches = readsBatches;
        }

        /** Its socket identity, the first frame of what the broker sends it. */
        byte[] identity() {
            return identity;
        }

        String name() {
            return name;
        }

        String zone() {
            return zone;
        }

        /** Whether it said in READY that it reads JOBS batches; otherwise it is sent one JOB per message. */
        boolean readsBatches() {
            return readsBatches;
        }

        /** The jobs it can still be sent. */
        int credits() {
            return credits;
        }
    }
}
