package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.maintenance.MonitorMaintenance;
import io.cloudroutes.store.maintenance.Occurrence;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A team's maintenance windows: listed, made, changed and deleted (audit-logged), and the answer to "which of these
 * monitors are in maintenance now, and until when" for the monitor page, the dashboard and the API. Every method takes
 * the team and reaches nothing of another's.
 */
@Service
public class MaintenanceWindows {

    /** How far ahead the windows page looks for what comes next. */
    static final Duration LOOK_AHEAD = Duration.ofDays(35);

    private final MaintenanceWindowRepository windows;
    private final MonitorRepository monitors;
    private final AuditLog audit;
    private final Clock clock;

    MaintenanceWindows(MaintenanceWindowRepository windows, MonitorRepository monitors, AuditLog audit, Clock clock) {
        this.windows = windows;
        this.monitors = monitors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Which of these monitors of the team are in maintenance now, each with when its maintenance ends; a monitor not
     * in maintenance (or not the team's) is left out. One query for the windows and one for the monitors' tags.
     */
    @Transactional(readOnly = true)
    public Map<Long, Instant> inMaintenanceNow(long teamId, Collection<Monitor> shown) {
        Map<Long, Instant> held = new LinkedHashMap<>();
        if (shown.isEmpty()) {
            return held;
        }
        List<MaintenanceWindow> teamWindows = windows.findAllOfTeam(teamId);
        Instant now = clock.instant();
        for (Monitor monitor : shown) {
            if (monitor.getTeamId() == teamId) {
                MonitorMaintenance.until(teamWindows, monitor.getId(), monitor.getTags(), now)
                        .ifPresent(until -> held.put(monitor.getId(), until));
            }
        }
        return held;
    }

    /** Until when the monitor is in maintenance now, under its own team's windows; empty when it is not. */
    @Transactional(readOnly = true)
    public Optional<Instant> until(Monitor monitor) {
        return MonitorMaintenance.until(
                windows.findAllOfTeam(monitor.getTeamId()), monitor.getId(), monitor.getTags(), clock.instant());
    }

    @Transactional(readOnly = true)
    List<MaintenanceWindow> list(long teamId) {
        return windows.findAllOfTeam(teamId);
    }

    @Transactional(readOnly = true)
    MaintenanceWindow get(long teamId, long id) {
        MaintenanceWindow window = windows.findByIdAndTeamId(id, teamId)
                .orElseThrow(() -> new NotFoundException("maintenance window " + id));
        window.getMonitorIds(); // the monitors it names, read while the session is open
        return window;
    }

    /** The team's monitors by name, to choose from. */
    @Transactional(readOnly = true)
    List<Monitor> monitorsToChoose(long teamId) {
        return monitors.findByTeamIdOrderByNameAsc(teamId);
    }

    @Transactional
    SaveResult<MaintenanceWindow> create(long teamId, MaintenanceDraft draft) {
        Instant now = clock.instant();
        MaintenanceWindow window = new MaintenanceWindow(teamId, now);
        List<FieldProblem> problems = fill(teamId, draft, window);
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        windows.save(window);
        audit.record(teamId, AuditAction.MAINTENANCE_CREATED, target(window), describe(window));
        return new SaveResult.Saved<>(window);
    }

    @Transactional
    SaveResult<MaintenanceWindow> update(long teamId, long id, MaintenanceDraft draft) {
        MaintenanceWindow window = get(teamId, id);
        // checked on a scratch copy, so that a refused draft leaves the stored window as it was
        List<FieldProblem> problems = fill(teamId, draft, new MaintenanceWindow(teamId, window.getCreatedAt()));
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        fill(teamId, draft, window);
        window.setUpdatedAt(clock.instant());
        audit.record(teamId, AuditAction.MAINTENANCE_CHANGED, target(window), describe(window));
        return new SaveResult.Saved<>(window);
    }

    @Transactional
    void delete(long teamId, long id) {
        MaintenanceWindow window = get(teamId, id);
        windows.delete(window);
        audit.record(teamId, AuditAction.MAINTENANCE_DELETED, target(window), null);
    }

    /** The window's state now: on until when, or its next occurrence within {@link #LOOK_AHEAD}. */
    WindowState state(MaintenanceWindow window) {
        Instant now = clock.instant();
        Optional<Instant> activeUntil = window.schedule().activeUntil(now);
        Optional<Occurrence> next = window.schedule().occurrences(now, now.plus(LOOK_AHEAD)).stream()
                .filter(occurrence -> occurrence.start().isAfter(now))
                .findFirst();
        return new WindowState(activeUntil.orElse(null), next.orElse(null));
    }

    /** What a window is doing now: {@code activeUntil} while it is on, and its next start, if any. */
    record WindowState(Instant activeUntil, Occurrence next) {}

    /** The occurrences of the team's windows from now on, within {@code ahead}, first first: what comes up. */
    @Transactional(readOnly = true)
    List<Upcoming> upcoming(long teamId, Duration ahead, int most) {
        Instant now = clock.instant();
        List<Upcoming> upcoming = new ArrayList<>();
        for (MaintenanceWindow window : windows.findAllOfTeam(teamId)) {
            for (Occurrence occurrence : window.schedule().occurrences(now, now.plus(ahead))) {
                upcoming.add(new Upcoming(window, occurrence, occurrence.contains(now)));
                if (upcoming.size() > 10 * most) {
                    break;
                }
            }
        }
        upcoming.sort(Comparator.comparing(u -> u.occurrence().start()));
        return upcoming.subList(0, Math.min(most, upcoming.size()));
    }

    /** One occurrence of a window, {@code active} when it holds now. */
    record Upcoming(MaintenanceWindow window, Occurrence occurrence, boolean active) {}

    private List<FieldProblem> fill(long teamId, MaintenanceDraft draft, MaintenanceWindow window) {
        List<FieldProblem> problems = new ArrayList<>();
        MaintenanceRules.apply(draft, window, problems);
        if (!draft.monitorIds().isEmpty()) {
            Set<Long> wanted = new HashSet<>(draft.monitorIds());
            Set<Long> found = new HashSet<>(windows.monitorIdsOfTeam(teamId, wanted.toArray(Long[]::new)));
            // a monitor of another team is answered as one that does not exist
            Optional<Long> unknown = draft.monitorIds().stream()
                    .filter(id -> !found.contains(id))
                    .findFirst();
            if (unknown.isPresent()) {
                problems.add(new FieldProblem("monitorIds", "no monitor with id " + unknown.get()));
            } else {
                window.setMonitorIds(draft.monitorIds());
            }
        } else {
            window.setMonitorIds(List.of());
        }
        return problems;
    }

    private static AuditLog.Target target(MaintenanceWindow window) {
        return new AuditLog.Target("maintenance-window", window.getId(), window.getName());
    }

    private static String describe(MaintenanceWindow window) {
        return window.getKind().name().toLowerCase(java.util.Locale.ROOT) + " in " + window.getTimeZone() + ", "
                + window.getMonitorIds().size() + " monitor(s), tags " + window.getTags();
    }
}
