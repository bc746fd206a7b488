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
    record Subject(long teamId, MonitorApiController.OverrideView override) {}

    private final MonitorService monitors;
    private final DatabaseOutage outage;
    private final Cache<Long, Subject> remembered =
            Caffeine.newBuilder().maximumSize(MAXIMUM).build();

    StatusSubjects(MonitorService monitors, DatabaseOutage outage) {
        this.monitors = monitors;
        this.outage = outage;
    }

    /** The team's monitor, from PostgreSQL or, while it is away, as last read; 404 when it is not the team's. */
    Subject of(long teamId, long monitorId) {
        Subject known = remembered.getIfPresent(monitorId);
        if (known != null && outage.recentlySeen()) {
            return owned(known, teamId, monitorId);
        }
        try {
            Subject read = subject(monitors.get(teamId, monitorId));
            remembered.put(monitorId, read);
            return read;
        } catch (NotFoundException e) {
            remembered.invalidate(monitorId);
            throw e;
        } catch (RuntimeException e) {
            if (known != null && outage.record(e)) {
                return owned(known, teamId, monitorId);
            }
            throw e;
        }
    }

    /** The monitor is gone (deleted through this crweb): forget it at once. */
    void forget(long monitorId) {
        remembered.invalidate(monitorId);
    }

    private static Subject owned(Subject known, long teamId, long monitorId) {
        if (known.teamId() != teamId) {
            throw new NotFoundException("monitor " + monitorId);
        }
        return known;
    }

    private static Subject subject(Monitor monitor) {
        return new Subject(monitor.getTeamId(), MonitorApiController.override(monitor));
    }
}
