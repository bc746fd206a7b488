package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Maintenance windows through the REST API, checked and scoped exactly as on the pages. */
@RestController
@RequestMapping("/api/v1/maintenance-windows")
@Tag(name = "Maintenance windows")
class MaintenanceApiController {

    private final MaintenanceWindows service;

    MaintenanceApiController(MaintenanceWindows service) {
        this.service = service;
    }

    /** A window to create, or to replace one with (every field is given again on PUT). */
    record WindowRequest(
            String name,

            @Schema(allowableValues = {"ONCE", "CRON", "WEEKLY"})
            String kind,

            @Schema(description = "a region such as Europe/Berlin, or UTC; the times of the window are read in it")
            String timeZone,

            @Schema(description = "ONCE: 2026-06-01T22:00 (in timeZone) or 2026-06-01T20:00:00Z")
            String startsAt,

            @Schema(description = "ONCE: the end, after startsAt, at most 31 days later")
            String endsAt,

            @Schema(
                    description =
                            "CRON: six fields, second minute hour day-of-month month day-of-week, e.g. 0 0 3 * * SUN")
            String cron,

            @Schema(description = "WEEKLY: MONDAY to SUNDAY")
            List<String> days,

            @Schema(description = "WEEKLY: the start, hours and minutes in timeZone, e.g. 02:30")
            String startTime,

            @Schema(description = "CRON and WEEKLY: how long each time lasts, 1 to 44640 minutes")
            Integer durationMinutes,

            List<Long> monitorIds,
            List<String> tags) {

        MaintenanceDraft draft() {
            return new MaintenanceDraft(
                    name, kind, timeZone, startsAt, endsAt, cron, days, startTime, durationMinutes, monitorIds, tags);
        }
    }

    /** A window as stored, with whether it is on now and when it next starts. */
    record WindowView(
            long id,
            String name,
            MaintenanceWindow.Kind kind,
            String timeZone,
            Instant startsAt,
            Instant endsAt,
            String cron,
            List<DayOfWeek> days,
            LocalTime startTime,
            Integer durationMinutes,
            List<Long> monitorIds,
            List<String> tags,
            boolean active,
            Instant activeUntil,
            Instant nextStart,
            Instant nextEnd,
            Instant createdAt,
            Instant updatedAt) {}

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List the team's maintenance windows by name")
    List<WindowView> list(ActiveTeam team) {
        return service.list(team.id()).stream().map(this::view).toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a maintenance window")
    WindowView create(ActiveTeam team, @RequestBody WindowRequest request) {
        return view(saved(service.create(team.id(), request.draft())));
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{windowId}")
    @Operation(summary = "One maintenance window")
    WindowView get(ActiveTeam team, @PathVariable long windowId) {
        return view(service.get(team.id(), windowId));
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{windowId}")
    @Operation(summary = "Replace a maintenance window")
    WindowView update(ActiveTeam team, @PathVariable long windowId, @RequestBody WindowRequest request) {
        service.get(team.id(), windowId);
        return view(saved(service.update(team.id(), windowId, request.draft())));
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{windowId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a maintenance window")
    void delete(ActiveTeam team, @PathVariable long windowId) {
        service.delete(team.id(), windowId);
    }

    private static MaintenanceWindow saved(SaveResult<MaintenanceWindow> result) {
        return switch (result) {
            case SaveResult.Saved<MaintenanceWindow>(var window) -> window;
            case SaveResult.Refused<MaintenanceWindow>(var problems) ->
                throw ApiValidationException.from(problems, Map.of());
        };
    }

    private WindowView view(MaintenanceWindow window) {
        MaintenanceWindows.WindowState state = service.state(window);
        return new WindowView(
                window.getId(),
                window.getName(),
                window.getKind(),
                window.getTimeZone(),
                window.getStartsAt(),
                window.getEndsAt(),
                window.getCron(),
                List.copyOf(window.days()),
                window.getStartTime(),
                window.duration() == null ? null : (int) window.duration().toMinutes(),
                window.getMonitorIds().stream().sorted().toList(),
                window.getTags(),
                state.activeUntil() != null,
                state.activeUntil(),
                state.next() == null ? null : state.next().start(),
                state.next() == null ? null : state.next().end(),
                window.getCreatedAt(),
                window.getUpdatedAt());
    }
}
