package io.cloudroutes.crweb.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open live streams of dashboard pages, and the tick that feeds them. Once a tick, the statuses of every monitor
 * any open page watches are read from Redis together (one round trip for all watchers, however many), and each stream
 * is sent only what changed for it: the rows of its page whose status changed, and its counts. A stream holds no
 * thread while it waits (Spring's asynchronous {@link SseEmitter}); one person may hold only so many open.
 */
@Component
class DashboardStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardStreams.class);
    /** A comment this often keeps proxies from closing a quiet stream, and finds streams whose browser left. */
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final LiveStatuses live;
    private final DashboardProperties properties;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final Map<Long, AtomicInteger> openPerPerson = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dashboard-streams").daemon().factory());
    private volatile TickReport lastTick = new TickReport(0, 0, 0);

    /** What the last tick did, for the benchmark and the logs: watchers, monitors read, and its duration. */
    record TickReport(int watchers, int monitors, long nanos) {}

    DashboardStreams(LiveStatuses live, DashboardProperties properties) {
        this.live = live;
        this.properties = properties;
        long tick = properties.tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of {@code page} for {@code personId}: first the page's statuses and counts as they are now, then what
     * changes. Refused with 429 when the person holds as many streams open as they may.
     */
    SseEmitter open(long personId, Dashboard.Page page) {
        AtomicInteger open = openPerPerson.computeIfAbsent(personId, id -> new AtomicInteger());
        if (open.incrementAndGet() > properties.streamsPerPerson()) {
            release(personId, open);
            throw new ResponseStatusException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "you have " + properties.streamsPerPerson()
                            + " live dashboards open already; close one (another tab) and reload");
        }
        SseEmitter emitter = new SseEmitter(properties.streamLifetime().toMillis());
        Watcher watcher = new Watcher(emitter, personId, page);
        Runnable closed = () -> {
            if (watchers.remove(watcher)) {
                release(personId, open);
            }
        };
        emitter.onCompletion(closed);
        emitter.onTimeout(closed);
        emitter.onError(failure -> closed.run());
        watchers.add(watcher);
        // the page as it is now: the browser's copy may be a moment older
        watcher.send(
                page.entries().stream()
                        .map(e -> new StatusChange(e.monitor().id(), e.monitor().name(), e.status(), e.flapping()))
                        .toList(),
                page.counts(),
                true);
        return emitter;
    }

    TickReport lastTick() {
        return lastTick;
    }

    int open() {
        return watchers.size();
    }

    private void release(long personId, AtomicInteger open) {
        if (open.decrementAndGet() <= 0) {
            openPerPerson.remove(personId, open);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Sending dashboard changes failed: {}", e.toString());
        }
    }

    /** One tick: one read of every watched monitor's status, then each watcher's changes. */
    void tick() {
        List<Watcher> now = List.copyOf(watchers);
        if (now.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Set<Long> watched = new LinkedHashSet<>();
        now.forEach(watcher -> watched.addAll(watcher.found.keySet()));
        LiveStatuses.Statuses statuses = live.read(new ArrayList<>(watched));
        if (statuses.available()) {
            long keepAliveBefore = System.currentTimeMillis() - KEEP_ALIVE_MILLIS;
            for (Watcher watcher : now) {
                watcher.update(statuses, keepAliveBefore);
            }
        }
        lastTick = new TickReport(now.size(), watched.size(), System.nanoTime() - started);
    }

    /**
     * Ends every stream as soon as crweb begins to stop: a graceful shutdown waits for open requests, and a stream
     * would hold it up for its whole lifetime. Browsers reconnect to another crweb by themselves.
     */
    @EventListener(ContextClosedEvent.class)
    void stopping() {
        close();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        watchers.forEach(watcher -> watcher.emitter.complete());
    }

    /** A row of a watched page changed status or began or stopped flapping ({@code name} for the announcement). */
    record StatusChange(long id, String name, DashboardStatus status, boolean flapping) {}

    /** One open stream: the monitors its page found (whether each is enabled), its rows, what it was sent last. */
    private static final class Watcher {

        private final SseEmitter emitter;
        private final long personId;
        /** Every monitor the page's search found, and whether it is enabled: its counts are theirs. */
        private final Map<Long, Boolean> found = new HashMap<>();
        /** The page's rows, with the status last sent for each. */
        private final Map<Long, DashboardStatus> rows = new LinkedHashMap<>();
        /** The page's rows last sent as flapping. */
        private final java.util.Set<Long> flapping = new java.util.HashSet<>();

        private final Map<Long, String> names = new HashMap<>();
        private Map<DashboardStatus, Integer> counts;
        private long lastSentAt = System.currentTimeMillis();

        Watcher(SseEmitter emitter, long personId, Dashboard.Page page) {
            this.emitter = emitter;
            this.personId = personId;
            page.enabled().forEach(found::put);
            for (Dashboard.Entry entry : page.entries()) {
                rows.put(entry.monitor().id(), entry.status());
                if (entry.flapping()) {
                    flapping.add(entry.monitor().id());
                }
                names.put(entry.monitor().id(), entry.monitor().name());
            }
            counts = page.counts();
        }

        void update(LiveStatuses.Statuses statuses, long keepAliveBefore) {
            Map<DashboardStatus, Integer> nowCounts = Dashboard.emptyCounts();
            found.forEach((id, enabled) ->
                    nowCounts.merge(DashboardStatus.of(enabled, statuses.of(id).status()), 1, Integer::sum));
            List<StatusChange> changes = new ArrayList<>();
            for (Map.Entry<Long, DashboardStatus> row : rows.entrySet()) {
                DashboardStatus status = DashboardStatus.of(
                        found.get(row.getKey()), statuses.of(row.getKey()).status());
                boolean nowFlapping = statuses.of(row.getKey()).flapping();
                if (status != row.getValue() || nowFlapping != flapping.contains(row.getKey())) {
                    row.setValue(status);
                    if (nowFlapping) {
                        flapping.add(row.getKey());
                    } else {
                        flapping.remove(row.getKey());
                    }
                    changes.add(new StatusChange(row.getKey(), names.get(row.getKey()), status, nowFlapping));
                }
            }
            boolean countsChanged = !nowCounts.equals(counts);
            counts = nowCounts;
            if (!changes.isEmpty() || countsChanged) {
                send(changes, nowCounts, countsChanged);
            } else if (lastSentAt < keepAliveBefore) {
                keepAlive();
            }
        }

        void send(List<StatusChange> changes, Map<DashboardStatus, Integer> counts, boolean withCounts) {
            try {
                for (StatusChange change : changes) {
                    emitter.send(SseEmitter.event()
                            .name("status")
                            .data(
                                    Map.of(
                                            "id", change.id(),
                                            "name", change.name(),
                                            "status", change.status().name(),
                                            "flapping", change.flapping()),
                                    MediaType.APPLICATION_JSON));
                }
                if (withCounts) {
                    Map<String, Integer> byParam = new LinkedHashMap<>();
                    int all = 0;
                    for (Map.Entry<DashboardStatus, Integer> count : counts.entrySet()) {
                        byParam.put(count.getKey().key(), count.getValue());
                        all += count.getValue();
                    }
                    byParam.put("all", all);
                    emitter.send(SseEmitter.event().name("counts").data(byParam, MediaType.APPLICATION_JSON));
                }
                lastSentAt = System.currentTimeMillis();
            } catch (IOException | IllegalStateException e) {
                // the browser left: completing the emitter removes the watcher
                emitter.completeWithError(e);
            }
        }

        private void keepAlive() {
            try {
                emitter.send(SseEmitter.event().comment("still here"));
                lastSentAt = System.currentTimeMillis();
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }
}
