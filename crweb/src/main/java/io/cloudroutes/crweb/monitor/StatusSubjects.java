package io.cloudroutes.crweb.monitor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cloudroutes.crweb.system.DatabaseOutage;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.store.monitor.Monitor;
import org.springframework.stereotype.Component;

/**
 * What a monitor's live status needs from PostgreSQL (whose it is, who holds its status by hand), remembered from the
 * last read so that {@code GET /api/v1/monitors/{id}/status}, whose state comes from Redis, keeps answering while
 * PostgreSQL cannot be reached. A monitor whose status this crweb never served before the outage answers 503.
 */
@Component
class StatusSubjects {

    /** The monitors remembered at most: their status reads stay available during an outage. */
    static final int MAXIMUM = 100_000;

    /** A monitor as far as its status is concerned. */
    record Subject(long ownerId, MonitorApiController.OverrideView override) {}

    private final MonitorService monitors;
    private final DatabaseOutage outage;
    private final Cache<Long, Subject> remembered =
            Caffeine.newBuilder().maximumSize(MAXIMUM).build();

    StatusSubjects(MonitorService monitors, DatabaseOutage outage) {
        this.monitors = monitors;
        this.outage = outage;
    }

    /** The owner's monitor, from PostgreSQL or, while it is away, as last read; 404 when it is not theirs. */
    Subject of(long ownerId, long monitorId) {
        Subject known = remembered.getIfPresent(monitorId);
        if (known != null && outage.recentlySeen()) {
            return owned(known, ownerId, monitorId);
        }
        try {
            Subject read = subject(monitors.get(ownerId, monitorId));
            remembered.put(monitorId, read);
            return read;
        } catch (NotFoundException e) {
            remembered.invalidate(monitorId);
            throw e;
        } catch (RuntimeException e) {
            if (known != null && outage.record(e)) {
                return owned(known, ownerId, monitorId);
            }
            throw e;
        }
    }

    /** The monitor is gone (deleted through this crweb): forget it at once. */
    void forget(long monitorId) {
        remembered.invalidate(monitorId);
    }

    private static Subject owned(Subject known, long ownerId, long monitorId) {
        if (known.ownerId() != ownerId) {
            throw new NotFoundException("monitor " + monitorId);
        }
        return known;
    }

    private static Subject subject(Monitor monitor) {
        return new Subject(monitor.getOwnerId(), MonitorApiController.override(monitor));
    }
}
