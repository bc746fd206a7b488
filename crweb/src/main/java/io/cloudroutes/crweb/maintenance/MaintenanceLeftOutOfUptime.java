package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.crweb.history.MaintenanceExclusions;
import io.cloudroutes.store.history.TimeRange;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.maintenance.MonitorMaintenance;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The maintenance a monitor's uptime leaves out: the occurrences, within the range, of its team's windows that cover
 * it (by id or by tag), as the windows are configured now, merged where they overlap. The same arithmetic
 * ({@link MonitorMaintenance}) decides what the actioner holds, so uptime and statuses agree.
 */
@Component
class MaintenanceLeftOutOfUptime implements MaintenanceExclusions {

    private final MaintenanceWindowRepository windows;
    private final MonitorRepository monitors;

    MaintenanceLeftOutOfUptime(MaintenanceWindowRepository windows, MonitorRepository monitors) {
        this.windows = windows;
        this.monitors = monitors;
    }

    @Override
    @Transactional(readOnly = true)
    public List<TimeRange> of(long monitorId, TimeRange range) {
        return monitors.findById(monitorId)
                .map(monitor -> MonitorMaintenance.within(
                                windows.findAllOfTeam(monitor.getTeamId()),
                                monitor.getId(),
                                monitor.getTags(),
                                range.from(),
                                range.to())
                        .stream()
                        .map(occurrence -> new TimeRange(occurrence.start(), occurrence.end()))
                        .toList())
                .orElse(List.of());
    }
}
