package io.cloudroutes.crweb.dashboard;

import io.cloudroutes.core.Status;
import java.util.Locale;
import java.util.Optional;

/**
 * What the dashboard shows a monitor as: its live status, or DISABLED when it is paused (a paused monitor is not
 * checked, so its last status says nothing now). Declared in the order the status sort shows them: failed first.
 */
enum DashboardStatus {
    FAILED,
    UNKNOWN,
    HEALTHY,
    DISABLED;

    static DashboardStatus of(boolean enabled, Status live) {
        if (!enabled) {
            return DISABLED;
        }
        return switch (live) {
            case FAILED -> FAILED;
            case HEALTHY -> HEALTHY;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** The filter's name in URLs, e.g. {@code failed}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a filter value names; empty for {@code all}, a blank or unknown value. */
    static Optional<DashboardStatus> fromKey(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (DashboardStatus status : values()) {
            if (status.key().equalsIgnoreCase(value.strip())) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
