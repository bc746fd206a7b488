package io.cloudroutes.crweb.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Everything about your monitors in two answers, in the spirit of Apache Traffic Control's Traffic Monitor: the
 * combined state of every monitor ({@code CrStates}) and the recent event log ({@code EventLog}), for dashboards and
 * scripts that poll. The live status comes from Redis; the time and reason of the last change from PostgreSQL's last
 * recorded transition, which also gives the status while Redis cannot.
 */
@RestController
@Tag(name = "States and events")
class StatesApiController {

    /** Events one answer of the event log holds at most. */
    static final int MAX_LIMIT = 1000;

    private final MonitorService monitors;
    private final EventLog events;
    private final LiveState live;
    private final Clock clock;

    StatesApiController(MonitorService monitors, EventLog events, LiveState live, Clock clock) {
        this.monitors = monitors;
        this.events = events;
        this.live = live;
        this.clock = clock;
    }

    /**
     * The combined state of every monitor of yours.
     *
     * @param live  whether Redis answered: when it did not, each status is the last recorded transition's
     * @param at    when this answer was made
     */
    record StatesView(boolean live, Instant at, List<MonitorStateView> monitors) {}

    /**
     * One monitor's state: {@code status} and its {@code zones}' votes from Redis when {@code live}; otherwise the
     * status its last recorded transition left it in. {@code since} and {@code reason} are the time and reason of the
     * last change to that status; {@code override} the status it is held at by hand, if it is; {@code flapping}
     * whether it changes status too often (live only), with {@code flapChanges} status changes within the last
     * {@code flapWindowSeconds} while it does.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MonitorStateView(
            long id,
            String name,
            boolean enabled,
            Status status,
            boolean live,
            Instant since,
            String reason,
            Instant lastCheckedAt,
            Status override,
            List<LiveState.ZoneState> zones,
            boolean flapping,
            Integer flapChanges,
            Long flapWindowSeconds) {}

    /** A page of the event log: {@code next} reads the page after it (older events), absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventLogView(List<LoggedEvent> items, String next) {}

    /** One transition of one of your monitors. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LoggedEvent(
            long id,
            long monitorId,
            String monitorName,
            Status from,
            Status to,
            String reason,
            String zone,
            Instant occurredAt) {}

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/states")
    @Operation(
            summary = "The state of every monitor of yours: live status and zone votes from Redis, time and reason "
                    + "of the last change; the last recorded status while Redis cannot answer")
    StatesView states(ActiveTeam team) {
        List<Monitor> mine = monitors.list(team.id());
        Map<Long, LiveState.MonitorState> states =
                live.states(mine.stream().map(Monitor::getId).toList());
        Map<Long, EventLog.Entry> lastChanges = events.lastOfEachMonitor(team.id()).stream()
                .collect(Collectors.toMap(EventLog.Entry::monitorId, Function.identity()));
        boolean redisAnswered = states.values().stream().allMatch(LiveState.MonitorState::available);
        return new StatesView(
                redisAnswered,
                clock.instant(),
                mine.stream()
                        .map(monitor -> view(monitor, states.get(monitor.getId()), lastChanges.get(monitor.getId())))
                        .toList());
    }

    private static MonitorStateView view(Monitor monitor, LiveState.MonitorState state, EventLog.Entry lastChange) {
        // a state the actioner wrote (not merely an empty hash: Redis lost it, or no result yet)
        boolean fromRedis =
                state != null && state.available() && (state.lastCheckedAt() != null || state.since() != null);
        Status status = fromRedis ? state.status() : lastChange != null ? lastChange.to() : Status.UNKNOWN;
        Instant since = null;
        String reason = null;
        if (lastChange != null && lastChange.to() == status) {
            since = lastChange.occurredAt();
            reason = lastChange.reason();
        } else if (fromRedis) {
            // the transition is folded but not recorded yet (or PostgreSQL was away when it happened)
            since = state.since();
            reason = state.reason();
        }
        return new MonitorStateView(
                monitor.getId(),
                monitor.getName(),
                monitor.isEnabled(),
                status,
                fromRedis,
                since,
                reason,
                fromRedis ? state.lastCheckedAt() : null,
                monitor.getOverrideStatus(),
                fromRedis ? state.zones() : List.of(),
                fromRedis && state.flapping().flapping(),
                fromRedis && state.flapping().flapping() ? state.flapping().changes() : null,
                fromRedis && state.flapping().window() != null
                        ? state.flapping().window().toSeconds()
                        : null);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/events")
    @Operation(summary = "The event log: transitions of all your monitors, newest first; follow 'next' for older ones")
    EventLogView events(
            ActiveTeam team,
            @Parameter(description = "only events at or after this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z)")
                    @RequestParam(required = false)
                    Instant since,
            @Parameter(description = "events in this answer, 1 to " + MAX_LIMIT + "; default 100")
                    @RequestParam(defaultValue = "100")
                    int limit,
            @Parameter(description = "only events older than the event with this id (the 'next' link sets it)")
                    @RequestParam(required = false)
                    Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiValidationException(Map.of("limit", "between 1 and " + MAX_LIMIT + " events"));
        }
        EventLog.Position position = EventLog.Position.END;
        if (before != null) {
            position = events.positionOf(team.id(), before)
                    .orElseThrow(() -> new ApiValidationException(Map.of(
                            "before",
                            "no event " + before + " among your monitors' events; use the 'next' link of a page")));
        }
        List<EventLog.Entry> found = events.page(team.id(), since == null ? Instant.EPOCH : since, position, limit + 1);
        List<EventLog.Entry> page = found.subList(0, Math.min(limit, found.size()));
        String next = found.size() > limit
                ? UriComponentsBuilder.fromPath("/api/v1/events")
                        .queryParamIfPresent("since", Optional.ofNullable(since))
                        .queryParam("limit", limit)
                        .queryParam("before", page.getLast().id())
                        .build()
                        .toUriString()
                : null;
        return new EventLogView(
                page.stream()
                        .map(event -> new LoggedEvent(
                                event.id(),
                                event.monitorId(),
                                event.monitorName(),
                                event.from(),
                                event.to(),
                                event.reason(),
                                event.zone(),
                                event.occurredAt()))
                        .toList(),
                next);
    }
}
