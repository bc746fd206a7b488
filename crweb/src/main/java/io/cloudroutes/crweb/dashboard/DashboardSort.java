package io.cloudroutes.crweb.dashboard;

import java.util.Locale;
import java.util.Optional;

/** How the dashboard orders monitors; every order ends with name and id, so that pages never overlap. */
enum DashboardSort {
    /** Failed first, then unknown, healthy, disabled. */
    STATUS("status"),
    NAME("name"),
    /** The latest status change first; monitors that never changed last. */
    CHANGED("changed");

    private final String key;

    DashboardSort(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static Optional<DashboardSort> fromKey(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(STATUS);
        }
        for (DashboardSort sort : values()) {
            if (sort.key.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }
}
