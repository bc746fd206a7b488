package io.cloudroutes.store.maintenance;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.scheduling.support.CronExpression;

/**
 * A time during which chosen monitors (by id, or by any of their tags) are still checked and shown but neither change
 * status nor run reactions. Its {@link #schedule()} says when; the fields are what a person entered, checked by the
 * form or the API before they get here.
 */
@Entity
@Table(name = "maintenance_windows")
public class MaintenanceWindow {

    /** How a window repeats. */
    public enum Kind {
        ONCE,
        CRON,
        WEEKLY
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "time_zone", nullable = false)
    private String timeZone;

    @Column(name = "starts_at")
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    private String cron;

    /** ISO days of the week (1 = Monday). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "integer[]")
    private List<Integer> weekdays;

    @Column(name = "start_time")
    private LocalTime startTime;

    @Column(name = "duration_minutes")
    private Integer durationMinutes;

    @ElementCollection
    @CollectionTable(name = "maintenance_window_monitors", joinColumns = @JoinColumn(name = "window_id"))
    @Column(name = "monitor_id")
    private Set<Long> monitorIds = new LinkedHashSet<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "varchar(40)[]")
    private List<String> tags = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MaintenanceWindow() {}

    public MaintenanceWindow(long teamId, Instant createdAt) {
        this.teamId = teamId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** When the window happens. */
    public MaintenanceSchedule schedule() {
        ZoneId zone = ZoneId.of(timeZone);
        return switch (kind) {
            case ONCE -> new MaintenanceSchedule.Once(startsAt, endsAt);
            case CRON -> new MaintenanceSchedule.Cron(CronExpression.parse(cron), duration(), zone);
            case WEEKLY -> new MaintenanceSchedule.Weekly(days(), startTime, duration(), zone);
        };
    }

    /** Whether the window is for this monitor: named by id, or carrying one of the window's tags. */
    public boolean covers(long monitorId, Collection<String> monitorTags) {
        return monitorIds.contains(monitorId) || monitorTags.stream().anyMatch(tags::contains);
    }

    /** Makes the window happen once, from {@code start} to {@code end}. */
    public void happenOnce(String timeZone, Instant start, Instant end) {
        clearSchedule(Kind.ONCE, timeZone);
        this.startsAt = start;
        this.endsAt = end;
    }

    /** Makes the window happen at each time of a cron expression, for {@code duration}. */
    public void happenOnCron(String timeZone, String cron, Duration duration) {
        clearSchedule(Kind.CRON, timeZone);
        this.cron = cron;
        this.durationMinutes = Math.toIntExact(duration.toMinutes());
    }

    /** Makes the window happen on these days of the week at {@code start}, for {@code duration}. */
    public void happenWeekly(String timeZone, Set<DayOfWeek> days, LocalTime start, Duration duration) {
        clearSchedule(Kind.WEEKLY, timeZone);
        this.weekdays = new ArrayList<>(
                new TreeSet<>(days.stream().map(DayOfWeek::getValue).toList()));
        this.startTime = start;
        this.durationMinutes = Math.toIntExact(duration.toMinutes());
    }

    private void clearSchedule(Kind kind, String timeZone) {
        this.kind = kind;
        this.timeZone = timeZone;
        this.startsAt = null;
        this.endsAt = null;
        this.cron = null;
        this.weekdays = null;
        this.startTime = null;
        this.durationMinutes = null;
    }

    public Long getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Kind getKind() {
        return kind;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public Instant getStartsAt() {
        return startsAt;
    }

    public Instant getEndsAt() {
        return endsAt;
    }

    public String getCron() {
        return cron;
    }

    /** The days of a weekly window, Monday first; empty for other kinds. */
    public Set<DayOfWeek> days() {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (weekdays != null) {
            weekdays.forEach(day -> days.add(DayOfWeek.of(day)));
        }
        return days;
    }

    public LocalTime getStartTime() {
        return startTime;
    }

    /** How long each occurrence of a recurring window lasts; null for a one-off window. */
    public Duration duration() {
        return durationMinutes == null ? null : Duration.ofMinutes(durationMinutes);
    }

    public Set<Long> getMonitorIds() {
        return Set.copyOf(monitorIds);
    }

    public void setMonitorIds(Collection<Long> monitorIds) {
        this.monitorIds.clear();
        this.monitorIds.addAll(monitorIds);
    }

    public List<String> getTags() {
        return List.copyOf(tags);
    }

    public void setTags(List<String> tags) {
        this.tags = new ArrayList<>(tags);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }
}
