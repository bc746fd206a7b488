package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The team's maintenance windows as a configuration document reads and writes them, through
 * {@link MaintenanceWindows} and {@link MaintenanceRules} like the form and the API.
 */
@Component
public class MaintenanceAsCode {

    /** A window's fields as a document gives them, its monitors already turned into the team's ids. */
    public record Fields(
            String name,
            String kind,
            String timeZone,
            String startsAt,
            String endsAt,
            String cron,
            List<String> days,
            String startTime,
            Integer durationMinutes,
            List<Long> monitorIds,
            List<String> tags) {}

    private final MaintenanceWindows windows;

    MaintenanceAsCode(MaintenanceWindows windows) {
        this.windows = windows;
    }

    /** The team's windows, their monitors read. */
    public List<MaintenanceWindow> list(long teamId) {
        List<MaintenanceWindow> all = windows.list(teamId);
        all.forEach(window -> window.getMonitorIds().size());
        return all;
    }

    public SaveResult<MaintenanceWindow> create(long teamId, Fields fields) {
        return windows.create(teamId, draft(fields));
    }

    public SaveResult<MaintenanceWindow> update(long teamId, long windowId, Fields fields) {
        return windows.update(teamId, windowId, draft(fields));
    }

    public void delete(long teamId, long windowId) {
        windows.delete(teamId, windowId);
    }

    private static MaintenanceDraft draft(Fields f) {
        return new MaintenanceDraft(
                f.name(),
                f.kind(),
                f.timeZone(),
                f.startsAt(),
                f.endsAt(),
                f.cron(),
                f.days(),
                f.startTime(),
                f.durationMinutes(),
                f.monitorIds(),
                f.tags());
    }
}
