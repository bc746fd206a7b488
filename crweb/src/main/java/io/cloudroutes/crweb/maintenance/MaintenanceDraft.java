package io.cloudroutes.crweb.maintenance;

import java.util.List;

/**
 * A maintenance window as a person entered it, from the form or the API, not yet checked: {@link MaintenanceRules}
 * turns it into a schedule or says what is wrong, field by field. Times of a one-off window are a local date and time
 * in {@code timeZone} ({@code 2026-06-01T22:00}) or an instant with its offset ({@code 2026-06-01T20:00:00Z}).
 */
record MaintenanceDraft(
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
        List<String> tags) {

    MaintenanceDraft {
        days = days == null ? List.of() : List.copyOf(days);
        monitorIds = monitorIds == null
                ? List.of()
                : monitorIds.stream().filter(java.util.Objects::nonNull).toList();
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
