package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.store.maintenance.MaintenanceWindow;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The maintenance window form's fields, bound as the browser sends them; {@link #draft()} hands them on. */
public class MaintenanceForm {

    private String name = "";
    private String kind = "ONCE";
    private String timeZone = "UTC";
    private String startsAt = "";
    private String endsAt = "";
    private String cron = "";
    private List<String> days = new ArrayList<>();
    private String startTime = "";
    private String durationMinutes = "";
    private List<Long> monitorIds = new ArrayList<>();
    private String tags = "";

    MaintenanceDraft draft() {
        return new MaintenanceDraft(
                name,
                kind,
                timeZone,
                startsAt,
                endsAt,
                cron,
                days,
                startTime,
                minutes(durationMinutes),
                monitorIds,
                Arrays.stream(tags == null ? new String[0] : tags.split("[,\\s]+"))
                        .filter(tag -> !tag.isBlank())
                        .toList());
    }

    /** A duration that is not a whole number is out of range, and told so. */
    private static Integer minutes(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The form filled with a stored window; times of a one-off window in its own zone. */
    static MaintenanceForm of(MaintenanceWindow window) {
        MaintenanceForm form = new MaintenanceForm();
        form.name = window.getName();
        form.kind = window.getKind().name();
        form.timeZone = window.getTimeZone();
        if (window.getStartsAt() != null) {
            form.startsAt = local(window, window.getStartsAt());
            form.endsAt = local(window, window.getEndsAt());
        }
        form.cron = window.getCron() == null ? "" : window.getCron();
        form.days = window.days().stream().map(DayOfWeek::name).toList();
        form.startTime =
                window.getStartTime() == null ? "" : window.getStartTime().toString();
        form.durationMinutes = window.duration() == null
                ? ""
                : String.valueOf(window.duration().toMinutes());
        form.monitorIds = new ArrayList<>(window.getMonitorIds());
        form.tags = String.join(", ", window.getTags());
        return form;
    }

    private static String local(MaintenanceWindow window, java.time.Instant instant) {
        return ZonedDateTime.ofInstant(instant, java.time.ZoneId.of(window.getTimeZone()))
                .toLocalDateTime()
                .toString();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getStartsAt() {
        return startsAt;
    }

    public void setStartsAt(String startsAt) {
        this.startsAt = startsAt;
    }

    public String getEndsAt() {
        return endsAt;
    }

    public void setEndsAt(String endsAt) {
        this.endsAt = endsAt;
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public List<String> getDays() {
        return days;
    }

    public void setDays(List<String> days) {
        this.days = days == null ? new ArrayList<>() : days;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getDurationMinutes() {
        return durationMinutes;
    }

    public void setDurationMinutes(String durationMinutes) {
        this.durationMinutes = durationMinutes;
    }

    public List<Long> getMonitorIds() {
        return monitorIds;
    }

    public void setMonitorIds(List<Long> monitorIds) {
        this.monitorIds = monitorIds == null ? new ArrayList<>() : monitorIds;
    }

    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }
}
