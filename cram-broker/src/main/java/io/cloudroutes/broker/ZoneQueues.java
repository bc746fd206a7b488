package io.cloudroutes.broker;

import io.cloudroutes.broker.WorkerRegistry.WorkerSlot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs a broker holds for each zone until one of the zone's workers has a credit: a bounded FIFO per zone, whose
 * jobs age by the broker's own clock. Counts what it drops (stale, full) and warns about it. Used by the routing
 * thread only; the times it is given are that thread's {@code System.currentTimeMillis()}.
 */
final class ZoneQueues {

    // Under the broker's name, as every line of the broker.
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final int capacity;
    private final long maxJobAgeMillis;
    // One bounded queue per zone: a zone without free workers must not hold up the others.
    private final Map<String, ZoneQueue> queues = new LinkedHashMap<>();
    private int queued;
    private long droppedStale;
    private long droppedFull;
    // Jobs dropped because their zone's queue was full, by zone, since the last stats line.
    private final Map<String, Long> droppedFullSinceLog = new LinkedHashMap<>();

    /**
     * @param capacity  jobs held for each zone; a job beyond it is dropped ({@link BrokerConfig#zoneQueueCapacity})
     * @param maxJobAge jobs held longer than this are dropped ({@link BrokerConfig#maxJobAge})
     */
    ZoneQueues(int capacity, Duration maxJobAge) {
        this.capacity = capacity;
        this.maxJobAgeMillis = maxJobAge.toMillis();
    }

    /** A job waiting for a worker, with the time (by this broker's clock) it arrived. */
    record Queued(byte[] message, long arrivedAtMillis, long monitorId) {}

    /** What one zone has: jobs waiting for its workers, its live workers, and their free capacity (credits). */
    record ZoneLoad(int queuedJobs, int workers, int freeCapacity) {
        static final ZoneLoad NONE = new ZoneLoad(0, 0, 0);
    }

    /** The zone's queue, made (empty) when the zone has none; it stays until {@link #removeEmpty()} finds it empty. */
    ZoneQueue of(String zone) {
        return queues.computeIfAbsent(zone, ZoneQueue::new);
    }

    /** Every zone's queue, in the order the zones were first seen (since their queue was last empty). */
    Collection<ZoneQueue> all() {
        return queues.values();
    }

    /** Forgets the zones with nothing waiting. */
    void removeEmpty() {
        queues.values().removeIf(ZoneQueue::isEmpty);
    }

    /** Jobs waiting, in all zones. */
    int queued() {
        return queued;
    }

    long droppedStale() {
        return droppedStale;
    }

    long droppedFull() {
        return droppedFull;
    }

    /**
     * What each zone has waiting and serving it, by zone name: every zone with a queue or with one of {@code workers}.
     */
    Map<String, ZoneLoad> loads(Collection<WorkerSlot> workers) {
        Map<String, ZoneLoad> loads = new TreeMap<>();
        queues.forEach((zone, queue) -> loads.put(zone, new ZoneLoad(queue.size(), 0, 0)));
        for (WorkerSlot worker : workers) {
            ZoneLoad load = loads.getOrDefault(worker.zone(), ZoneLoad.NONE);
            loads.put(
                    worker.zone(),
                    new ZoneLoad(
                            load.queuedJobs(),
                            load.workers() + 1,
                            load.freeCapacity() + Math.max(0, worker.credits())));
        }
        return loads;
    }

    /** Warns about each zone that has jobs waiting and no worker ({@code hasWorkers} false). */
    void warnAboutZonesWithoutWorkers(Predicate<String> hasWorkers) {
        queues.forEach((zone, queue) -> {
            if (!queue.isEmpty() && !hasWorkers.test(zone)) {
                log.warn("jobs waiting for a zone without live workers zone={} queued={}", zone, queue.size());
            }
        });
    }

    /** Says how many jobs each zone dropped for a full queue since the last call, and starts counting again. */
    void warnAboutFullZones() {
        droppedFullSinceLog.forEach((zone, dropped) -> log.warn(
                "jobs dropped because their zone's queue was full zone={} dropped={} capacity={}",
                zone,
                dropped,
                capacity));
        droppedFullSinceLog.clear();
    }

    /** Held longer than the maximum age by this broker's clock: its slot has passed, a later claim sends a new one. */
    private boolean stale(Queued job, long now) {
        return now - job.arrivedAtMillis() > maxJobAgeMillis;
    }

    private void dropStale(Queued job, String zone, long now) {
        droppedStale++;
        log.warn(
                "dropping stale job monitor={} zone={} heldMillis={}",
                job.monitorId(),
                zone,
                now - job.arrivedAtMillis());
    }

    /** The jobs of one zone, oldest first. */
    final class ZoneQueue {
        private final String zone;
        private final ArrayDeque<Queued> jobs = new ArrayDeque<>();

        private ZoneQueue(String zone) {
            this.zone = zone;
        }

        String zone() {
            return zone;
        }

        int size() {
            return jobs.size();
        }

        boolean isEmpty() {
            return jobs.isEmpty();
        }

        /**
         * Queues the job at the back, or drops and counts it when the zone already holds its capacity; the first
         * job a zone drops since the last {@link #warnAboutFullZones()} is warned about.
         *
         * @return whether the job was queued
         */
        boolean offer(Queued job) {
            if (jobs.size() >= capacity) {
                droppedFull++;
                if (droppedFullSinceLog.merge(zone, 1L, Long::sum) == 1) {
                    log.warn(
                            "zone queue full, dropping its new jobs until its workers catch up zone={} capacity={}",
                            zone,
                            capacity);
                }
                return false;
            }
            jobs.add(job);
            queued++;
            return true;
        }

        /**
         * The oldest job that is not stale at {@code now}, left in the queue ({@link #poll()} takes it); the stale
         * jobs ahead of it are dropped and counted. Null when none is left.
         */
        Queued peekFresh(long now) {
            while (!jobs.isEmpty()) {
                Queued next = jobs.peek();
                if (!stale(next, now)) {
                    return next;
                }
                jobs.poll();
                queued--;
                dropStale(next, zone, now);
            }
            return null;
        }

        /** Takes the oldest job out of the queue; null when it is empty. */
        Queued poll() {
            Queued next = jobs.poll();
            if (next != null) {
                queued--;
            }
            return next;
        }

        /**
         * Takes the oldest job out of the queue if its message {@code fits}; a stale one that fits is dropped and
         * counted and the next one tried. Null when the queue is empty or its oldest job does not fit, which then
         * stays.
         */
        Queued pollFreshIf(Predicate<byte[]> fits, long now) {
            while (!jobs.isEmpty() && fits.test(jobs.peek().message())) {
                Queued next = jobs.poll();
                queued--;
                if (!stale(next, now)) {
                    return next;
                }
                dropStale(next, zone, now);
            }
            return null;
        }
    }
}
