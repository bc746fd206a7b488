package io.cloudroutes.crweb.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.api.ApiPage;
import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.api.ItemErrors;
import io.cloudroutes.crweb.monitor.MonitorService.NewMonitor;
import io.cloudroutes.crweb.push.IssuedSecret;
import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.ReactionAttempt;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionVerification;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Monitors through the REST API: the same validation, outbox and scoping as the pages, because both go through
 * {@link MonitorService}. Another person's monitor answers 404, like one that does not exist.
 */
@RestController
@RequestMapping("/api/v1/monitors")
@Tag(name = "Monitors")
class MonitorApiController {

    // The form's field names that the API spells out.
    private static final Map<String, String> API_NAMES =
            Map.of("failThreshold", "failureThreshold", "recoverThreshold", "recoveryThreshold");
    /** The most monitors one bulk create takes: its answer, and the transaction that writes them, stay bounded. */
    static final int MOST_PER_BULK = 1000;

    private final MonitorService service;
    private final LiveState live;
    private final MonitorHistory history;
    private final Validator validator;
    private final PushSecrets pushSecrets;
    private final PushEndpoints pushEndpoints;
    private final StatusSubjects statusSubjects;

    MonitorApiController(
            MonitorService service,
            LiveState live,
            MonitorHistory history,
            Validator validator,
            PushSecrets pushSecrets,
            PushEndpoints pushEndpoints,
            StatusSubjects statusSubjects) {
        this.statusSubjects = statusSubjects;
        this.pushSecrets = pushSecrets;
        this.pushEndpoints = pushEndpoints;
        this.service = service;
        this.live = live;
        this.history = history;
        this.validator = validator;
    }

    /**
     * A monitor to create, or the fields to change. On update, fields left out keep their values; a secret setting
     * left out keeps its stored value.
     */
    record MonitorRequest(
            String name,
            String checkType,
            Integer intervalSeconds,
            Integer timeoutSeconds,
            Integer failureThreshold,
            Integer recoveryThreshold,
            Boolean enabled,
            List<String> zones,
            Quorum quorum,
            Map<String, String> settings,
            List<Long> reactionIds,
            List<Long> dependsOn,
            List<String> tags) {}

    /** Who holds a monitor's status by hand, at what, since when. */
    record OverrideView(Status status, String by, Instant at) {}

    /**
     * A monitor as stored; secret settings are listed by name in {@code secretSettings}, never with their value.
     * {@code target} (read-only) says in a few words what it checks, e.g. "GET https://shop.example.com/health".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MonitorView(
            long id,
            String name,
            String checkType,
            String target,
            int intervalSeconds,
            int timeoutSeconds,
            int failureThreshold,
            int recoveryThreshold,
            boolean enabled,
            List<String> zones,
            Quorum quorum,
            Map<String, String> settings,
            List<String> secretSettings,
            List<Long> reactionIds,
            List<Long> dependsOn,
            OverrideView override,
            List<PushEndpoints.PushEndpoint> pushEndpoints,
            String pushSecret,
            Instant createdAt,
            Instant updatedAt,
            List<String> tags) {

        MonitorView withPushSecret(IssuedSecret issued) {
            return new MonitorView(
                    id,
                    name,
                    checkType,
                    target,
                    intervalSeconds,
                    timeoutSeconds,
                    failureThreshold,
                    recoveryThreshold,
                    enabled,
                    zones,
                    quorum,
                    settings,
                    secretSettings,
                    reactionIds,
                    dependsOn,
                    override,
                    issued.endpoints(),
                    issued.secret(),
                    createdAt,
                    updatedAt,
                    tags);
        }
    }

    /** A new push secret, in this answer only, with the endpoints that use it. */
    record PushSecretView(long monitorId, String pushSecret, List<PushEndpoints.PushEndpoint> pushEndpoints) {}

    /**
     * The monitor's live status, from Redis. {@code live} is false when Redis cannot be reached and while live state is
     * being rebuilt after Redis lost its data ({@code rebuilding}). {@code flapping} whether it changes status too
     * often, with {@code flapChanges} changes within the last {@code flapWindowSeconds} (null while it does not).
     */
    record StatusView(
            long monitorId,
            Status status,
            Instant since,
            String reason,
            Instant lastCheckedAt,
            Long lastLatencyMillis,
            boolean live,
            boolean rebuilding,
            OverrideView override,
            List<LiveState.ZoneState> zones,
            boolean flapping,
            Integer flapChanges,
            Long flapWindowSeconds) {}

    /** One transition of a monitor's status. */
    record EventView(long id, Status from, Status to, String reason, String zone, Instant occurredAt) {}

    /** One run of a reaction, with its outcome and output. */
    record RunView(
            long id,
            Long reactionId,
            String reactionName,
            Long eventId,
            ReactionOutcome outcome,
            String output,
            int attempts,
            boolean restore,
            Instant startedAt,
            Instant finishedAt,
            List<AttemptView> attemptLog,

            @Schema(description = "the checks, after a run on a failure, that it took effect (empty: none)")
            List<VerificationView> verifications) {}

    /**
     * A check that a run took effect: RECOVERY (the monitor recovers within the reaction's time) or REACTION (the
     * reaction's own look at its target), PENDING until due, then PASSED or FAILED with what was seen, and what the
     * escalation did about it.
     */
    record VerificationView(
            String kind, String outcome, Instant dueAt, Instant resolvedAt, String detail, String escalation) {}

    /** One attempt of a run: transient failures are retried, and each attempt is kept. */
    record AttemptView(
            int attempt,
            ReactionOutcome outcome,
            boolean retryable,
            String output,
            Instant startedAt,
            Instant finishedAt) {}

    /** A reaction attached to the monitor. */
    record LinkedReaction(long id, String name, String reactionType, CallOn callOn) {}

    /** The status to hold the monitor at. */
    record OverrideRequest(Status status) {}

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List the team's monitors, oldest first")
    ApiPage<MonitorView> list(
            ActiveTeam team, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return ApiPage.of(service.page(team.id(), ApiPage.request(page, size)), this::view);
    }

    @Requires(Permission.EDIT)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a monitor; it is scheduled within seconds. For a pushed type (webhook, heartbeat) "
                    + "the answer holds its push secret, shown this once")
    MonitorView create(ActiveTeam team, @RequestBody MonitorRequest request) {
        NewMonitor asked = newMonitor(request);
        return switch (service.create(team.id(), team.memberId(), asked.draft(), asked.found())) {
            case SaveResult.Saved<MonitorService.Created>(var created) -> view(created);
            case SaveResult.Refused<MonitorService.Created>(var problems) -> throw refusal(asked.found(), problems);
        };
    }

    @Requires(Permission.EDIT)
    @PostMapping("/bulk")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create up to " + MOST_PER_BULK + " monitors at once, all or none: the body is an array of "
                    + "what a single create takes, the answer the created monitors in the same order. When one is not "
                    + "acceptable nothing is created and the 422 lists each error with its item's index")
    List<MonitorView> createAll(ActiveTeam team, @RequestBody List<MonitorRequest> requests) {
        if (requests.isEmpty() || requests.size() > MOST_PER_BULK) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "send between 1 and " + MOST_PER_BULK
                            + " monitors in one request (this one has " + requests.size()
                            + "); split a larger import into "
                            + "several requests");
        }
        int missing = requests.indexOf(null);
        if (missing >= 0) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "item " + missing + " is null; each item is " + "a monitor, as POST /api/v1/monitors takes it");
        }
        List<NewMonitor> asked = requests.stream().map(this::newMonitor).toList();
        return switch (service.createAll(team.id(), team.memberId(), asked)) {
            case MonitorService.Creation.AllCreated(var created) ->
                created.stream().map(this::view).toList();
            case MonitorService.Creation.Refused(var problems) -> {
                List<ItemErrors.ItemError> errors = new ArrayList<>();
                for (int index = 0; index < asked.size(); index++) {
                    int item = index;
                    refusal(asked.get(index).found(), problems.get(index))
                            .fields()
                            .forEach((field, message) -> errors.add(new ItemErrors.ItemError(item, field, message)));
                }
                throw new ItemErrors(errors);
            }
        };
    }

    /** The draft a create request makes, checked by the same bean validation as the UI's form. */
    private NewMonitor newMonitor(MonitorRequest request) {
        // an unknown type gets a plain draft; the service refuses it naming the types there are
        CheckType type = request.checkType() == null
                ? null
                : service.types().find(request.checkType()).orElse(null);
        MonitorDraft draft =
                apply(request, type != null ? service.newDraft(type) : MonitorDraft.forType(request.checkType()), type);
        List<FieldProblem> found = new ArrayList<>(FieldProblem.violations(validator, draft));
        if (request.checkType() == null || request.checkType().isBlank()) {
            found.add(new FieldProblem(
                    "checkType",
                    "required; choose one of "
                            + service.types().all().stream().map(CheckType::id).toList()
                            + " (see /api/v1/check-types)"));
        }
        return new NewMonitor(draft, found);
    }

    /** A 422 with what the request's checks found, then what the service found, under the API's field names. */
    private static ApiValidationException refusal(List<FieldProblem> found, List<FieldProblem> problems) {
        return ApiValidationException.from(
                Stream.concat(found.stream(), problems.stream()).toList(), API_NAMES);
    }

    private MonitorView view(MonitorService.Created created) {
        MonitorView view = view(created.monitor());
        return created.pushSecret().map(view::withPushSecret).orElse(view);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{id}/push-secret")
    @Operation(
            summary = "Replace the push secret of a webhook or heartbeat monitor; the old one stops working at "
                    + "once and the new one is in this answer only")
    PushSecretView rotatePushSecret(ActiveTeam team, @PathVariable long id) {
        IssuedSecret issued = pushSecrets.replace(team.id(), id);
        return new PushSecretView(id, issued.secret(), issued.endpoints());
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}")
    @Operation(summary = "One monitor")
    MonitorView get(ActiveTeam team, @PathVariable long id) {
        return view(service.get(team.id(), id));
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{id}")
    @Operation(summary = "Change a monitor; fields left out keep their values")
    MonitorView update(ActiveTeam team, @PathVariable long id, @RequestBody MonitorRequest request) {
        Monitor monitor = service.get(team.id(), id);
        if (request.checkType() != null && !request.checkType().equals(monitor.getCheckType())) {
            throw new ApiValidationException(Map.of(
                    "checkType",
                    "a monitor's type cannot change (it is '" + monitor.getCheckType()
                            + "'); create a new monitor instead"));
        }
        CheckType type = service.types().find(monitor.getCheckType()).orElse(null);
        Map<String, String> visible =
                type == null ? monitor.getSettings() : PluginSettings.visible(type, monitor.getSettings());
        MonitorDraft draft = apply(request, MonitorDraft.of(monitor, visible), type);
        List<FieldProblem> found = FieldProblem.violations(validator, draft);
        if (service.update(team.id(), id, draft, found) instanceof SaveResult.Refused<Monitor>(var problems)) {
            throw refusal(found, problems);
        }
        return view(service.get(team.id(), id));
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a monitor; its checks stop within seconds")
    ResponseEntity<Void> delete(ActiveTeam team, @PathVariable long id) {
        service.delete(team.id(), id);
        statusSubjects.forget(id);
        return ResponseEntity.noContent().build();
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}/status")
    @Operation(summary = "The live status: combined and per zone")
    StatusView status(ActiveTeam team, @PathVariable long id) {
        StatusSubjects.Subject monitor = statusSubjects.of(team.id(), id);
        LiveState.MonitorState state = live.state(id);
        return new StatusView(
                id,
                state.status(),
                state.since(),
                state.reason(),
                state.lastCheckedAt(),
                state.lastLatencyMillis(),
                state.available() && !state.rebuilding(),
                state.rebuilding(),
                monitor.override(),
                state.zones(),
                state.flapping().flapping(),
                state.flapping().flapping() ? state.flapping().changes() : null,
                state.flapping().window() != null ? state.flapping().window().toSeconds() : null);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}/events")
    @Operation(summary = "Status transitions, newest first")
    ApiPage<EventView> events(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return ApiPage.of(
                history.events(service.get(team.id(), id), ApiPage.request(page, size)), MonitorApiController::view);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}/reaction-runs")
    @Operation(summary = "Reaction runs with outcome and output, newest first")
    ApiPage<RunView> reactionRuns(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Page<ReactionRun> found = history.runs(service.get(team.id(), id), ApiPage.request(page, size));
        Map<Long, List<ReactionAttempt>> attemptsByRun = history.attemptsOf(found.getContent());
        Map<Long, List<ReactionVerification>> checksByRun = history.verificationsOf(found.getContent());
        return ApiPage.of(
                found,
                run -> view(
                        run,
                        attemptsByRun.getOrDefault(run.getId(), List.of()).stream()
                                .map(a -> new AttemptView(
                                        a.getAttempt(),
                                        a.getOutcome(),
                                        a.isRetryable(),
                                        a.getOutput(),
                                        a.getStartedAt(),
                                        a.getFinishedAt()))
                                .toList(),
                        checksByRun.getOrDefault(run.getId(), List.of()).stream()
                                .map(v -> new VerificationView(
                                        v.getKind().name(),
                                        v.getState(),
                                        v.getDueAt(),
                                        v.getResolvedAt(),
                                        v.getDetail(),
                                        v.getEscalation()))
                                .toList()));
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{id}/override")
    @Operation(summary = "Hold the status at FAILED or HEALTHY until released; reactions run as on any transition")
    StatusView hold(ActiveTeam team, @PathVariable long id, @RequestBody OverrideRequest request) {
        if (request.status() != Status.FAILED && request.status() != Status.HEALTHY) {
            throw new ApiValidationException(Map.of(
                    "status",
                    "hold a monitor at FAILED or HEALTHY; " + "DELETE /api/v1/monitors/" + id
                            + "/override to follow the checks again"));
        }
        service.override(team.id(), id, request.status(), team.email() + " (API)");
        return status(team, id);
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{id}/override")
    @Operation(summary = "Release a held status: the monitor follows its checks again")
    StatusView release(ActiveTeam team, @PathVariable long id) {
        service.override(team.id(), id, null, team.email() + " (API)");
        return status(team, id);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}/reactions")
    @Operation(summary = "Reactions attached to the monitor")
    List<LinkedReaction> reactions(ActiveTeam team, @PathVariable long id) {
        return service.get(team.id(), id).getReactions().stream()
                .sorted(Comparator.comparing(ReactionConfig::getId))
                .map(r -> new LinkedReaction(r.getId(), r.getName(), r.getReactionType(), r.getCallOn()))
                .toList();
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{id}/reactions/{reactionId}")
    @Operation(summary = "Attach one of the team's reactions to the monitor")
    ResponseEntity<Void> link(ActiveTeam team, @PathVariable long id, @PathVariable long reactionId) {
        service.link(team.id(), id, reactionId);
        return ResponseEntity.noContent().build();
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{id}/reactions/{reactionId}")
    @Operation(summary = "Detach a reaction from the monitor")
    ResponseEntity<Void> unlink(ActiveTeam team, @PathVariable long id, @PathVariable long reactionId) {
        service.unlink(team.id(), id, reactionId);
        return ResponseEntity.noContent().build();
    }

    /** The draft with what the request sends; fields it leaves out keep their values. */
    private static MonitorDraft apply(MonitorRequest request, MonitorDraft draft, CheckType type) {
        return new MonitorDraft(
                or(request.name(), draft.name()),
                draft.checkType(),
                or(request.intervalSeconds(), draft.intervalSeconds()),
                or(request.timeoutSeconds(), draft.timeoutSeconds()),
                or(request.failureThreshold(), draft.failThreshold()),
                or(request.recoveryThreshold(), draft.recoverThreshold()),
                or(request.enabled(), draft.enabled()),
                request.zones() != null ? String.join(",", request.zones()) : draft.zones(),
                or(request.quorum(), draft.quorum()),
                request.settings() != null ? new LinkedHashMap<>(request.settings()) : draft.settings(),
                request.settings() == null
                        ? draft.clearSecrets()
                        : type == null ? List.of() : PluginSettings.clearedByNull(type, request.settings()),
                or(request.reactionIds(), draft.reactionIds()),
                or(request.dependsOn(), draft.dependsOn()),
                request.tags() != null ? MonitorTags.normalised(request.tags()) : draft.tags());
    }

    private static <T> T or(T sent, T kept) {
        return sent != null ? sent : kept;
    }

    private MonitorView view(Monitor monitor) {
        CheckType type = service.types().find(monitor.getCheckType()).orElse(null);
        Map<String, String> visible =
                type == null ? monitor.getSettings() : PluginSettings.visible(type, monitor.getSettings());
        List<String> secrets = type == null
                ? List.of()
                : type.settings().stream()
                        .filter(Setting::secret)
                        .map(Setting::name)
                        .filter(monitor.getSettings()::containsKey)
                        .toList();
        return new MonitorView(
                monitor.getId(),
                monitor.getName(),
                monitor.getCheckType(),
                service.target(monitor),
                monitor.getIntervalSeconds(),
                monitor.getTimeoutSeconds(),
                monitor.getFailThreshold(),
                monitor.getRecoverThreshold(),
                monitor.isEnabled(),
                monitor.getZoneList(),
                monitor.getQuorum(),
                visible,
                secrets,
                monitor.getReactions().stream()
                        .map(ReactionConfig::getId)
                        .sorted()
                        .toList(),
                monitor.getDependsOn().stream().sorted().toList(),
                override(monitor),
                type != null && type.pushed() ? pushEndpoints.forMonitor(monitor) : null,
                null,
                monitor.getCreatedAt(),
                monitor.getUpdatedAt(),
                monitor.getTags());
    }

    static OverrideView override(Monitor monitor) {
        return monitor.getOverrideStatus() == null
                ? null
                : new OverrideView(monitor.getOverrideStatus(), monitor.getOverrideBy(), monitor.getOverrideAt());
    }

    private static EventView view(MonitorEvent event) {
        return new EventView(
                event.getId(),
                event.getFromStatus(),
                event.getToStatus(),
                event.getReason(),
                event.getZone(),
                event.getOccurredAt());
    }

    private static RunView view(ReactionRun run, List<AttemptView> attemptLog, List<VerificationView> verifications) {
        return new RunView(
                run.getId(),
                run.getReactionId(),
                run.getReactionName(),
                run.getEventId(),
                run.getOutcome(),
                run.getOutput(),
                run.getAttempts(),
                run.isRestore(),
                run.getStartedAt(),
                run.getFinishedAt(),
                attemptLog,
                verifications);
    }
}
