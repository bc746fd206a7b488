package io.cloudroutes.crweb.history;

import io.cloudroutes.store.history.TimeRange;
import java.util.List;

/**
 * The time a monitor was in maintenance within a range, left out of its uptime. Maintenance windows provide it as a
 * bean; without one nothing is left out. Ranges may overlap each other and reach past the range asked about.
 */
public interface MaintenanceExclusions {

    List<TimeRange> of(long monitorId, TimeRange range);

    MaintenanceExclusions NONE = (monitorId, range) -> List.of();
}
