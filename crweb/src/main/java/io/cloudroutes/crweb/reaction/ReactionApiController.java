package io.cloudroutes.crweb.reaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Reactions through the REST API, validated and scoped exactly as on the pages (both use {@link ReactionService}). */
@RestController
@RequestMapping("/api/v1/reactions")
@Tag(name = "Reactions")
class ReactionApiController {

    private final ReactionService service;
    private final Validator validator;
    private final ReactionTestRuns testRuns;

    ReactionApiController(ReactionService service, Validator validator, ReactionTestRuns testRuns) {
        this.testRuns = testRuns;
        this.service = service;
        this.validator = validator;
    }

    /**
     * A reaction to create, or the fields to change. On update, fields left out keep their values; a secret setting
     * left out keeps its stored value.
     */
    record ReactionRequest(
            String name,
            String reactionType,

            @Schema(
                    allowableValues = {"FAILED", "HEALTHY", "BOTH"},
                    description =
                            "the change it runs on: FAILED, "
                                    + "HEALTHY (a recovery), or BOTH (notification types only, see callOn in /api/v1/reaction-types)")
            String callOn,

            Integer triggerCount,
            Integer frequencySeconds,
            Integer timeoutSeconds,
            Integer maxAttempts,
            Integer escalationStep,
            Integer escalationWaitSeconds,

            @Schema(
                    type = "boolean",
                    nullable = true,
                    description = "whether its runs may take a service down (fail over, drain, reboot), so that "
                            + "safeguards may hold them: true, false, or null for what its type says "
                            + "(disruptive in /api/v1/reaction-types); left out keeps the stored value")
            JsonNode disruptive,

            @Schema(
                    type = "integer",
                    nullable = true,
                    description = "seconds within which the monitor must recover after a run on a failure, or the "
                            + "next escalation step runs at once (10 to 86400); null: no such check; left out keeps "
                            + "the stored value")
            JsonNode verifyWithinSeconds,

            @Schema(
                    description = "whether each run waits for a person's approval (held until approved, denied or "
                            + "timed out); left out keeps the stored value")
            Boolean approvalRequired,

            @Schema(
                    description = "how long a run waits for approval, 60 to 86400 seconds; left out keeps the stored "
                            + "value")
            Integer approvalTimeoutSeconds,

            @Schema(
                    allowableValues = {"RUN", "SKIP"},
                    description = "what an unanswered run does at its time limit: RUN (runs by itself) or SKIP "
                            + "(recorded as skipped); left out keeps the stored value")
            String onApprovalTimeout,

            Map<String, String> settings) {}

    /** A reaction as stored; secret settings are listed by name only. */
    record ReactionView(
            long id,
            String name,
            String reactionType,
            CallOn callOn,
            int triggerCount,
            int frequencySeconds,
            int timeoutSeconds,
            int maxAttempts,
            int escalationStep,
            int escalationWaitSeconds,

            @Schema(
                    nullable = true,
                    description = "the reaction's own say whether its runs are disruptive; null: its type's")
            Boolean disruptive,

            @Schema(description = "whether safeguards treat its runs as disruptive: its own say, else its type's")
            boolean effectivelyDisruptive,

            @Schema(
                    nullable = true,
                    description = "seconds within which the monitor must recover after a run on a failure; null: no "
                            + "such check")
            Integer verifyWithinSeconds,

            @Schema(description = "whether each run waits for a person's approval")
            boolean approvalRequired,

            @Schema(description = "how long a run waits for approval, in seconds")
            int approvalTimeoutSeconds,

            @Schema(description = "what an unanswered run does at its time limit: RUN or SKIP")
            OnApprovalTimeout onApprovalTimeout,

            boolean restoresOnRecovery,
            Map<String, String> settings,
            List<String> secretSettings,
            Instant createdAt,
            Instant updatedAt) {}

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List the team's reactions by name")
    List<ReactionView> list(ActiveTeam team) {
        return service.list(team.id()).stream().map(this::view).toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a reaction; attach it to monitors with PUT /api/v1/monitors/{id}/reactions/{reactionId}")
    ReactionView create(ActiveTeam team, @RequestBody ReactionRequest request) {
        if (request.reactionType() == null || request.reactionType().isBlank()) {
            throw new ApiValidationException(Map.of(
                    "reactionType",
                    "required; choose one of "
                            + service.types().all().stream()
                                    .map(ReactionType::id)
                                    .toList()
                            + " (see /api/v1/reaction-types)"));
        }
        ReactionDraft draft = apply(
                request,
                ReactionDraft.forType(request.reactionType()),
                service.types().find(request.reactionType()).orElse(null));
        List<FieldProblem> found = FieldProblem.violations(validator, draft);
        return view(saved(found, service.create(team.id(), team.memberId(), draft, found)));
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{id}")
    @Operation(summary = "One reaction")
    ReactionView get(ActiveTeam team, @PathVariable long id) {
        return view(service.get(team.id(), id));
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{id}")
    @Operation(summary = "Change a reaction; fields left out keep their values")
    ReactionView update(ActiveTeam team, @PathVariable long id, @RequestBody ReactionRequest request) {
        ReactionConfig reaction = service.get(team.id(), id);
        if (request.reactionType() != null && !request.reactionType().equals(reaction.getReactionType())) {
            throw new ApiValidationException(Map.of(
                    "reactionType",
                    "a reaction's type cannot change (it is '" + reaction.getReactionType()
                            + "'); create a new reaction instead"));
        }
        ReactionType type = service.types().find(reaction.getReactionType()).orElse(null);
        ReactionDraft draft = apply(
                request,
                ReactionDraft.of(
                        reaction,
                        type == null ? reaction.getSettings() : PluginSettings.visible(type, reaction.getSettings())),
                type);
        List<FieldProblem> found = FieldProblem.violations(validator, draft);
        return view(saved(found, service.update(team.id(), id, draft, found)));
    }

    /** The saved reaction, or a 422 with what the request's checks and the service found wrong. */
    private static ReactionConfig saved(List<FieldProblem> found, SaveResult<ReactionConfig> result) {
        return switch (result) {
            case SaveResult.Saved<ReactionConfig>(var reaction) -> reaction;
            case SaveResult.Refused<ReactionConfig>(var problems) ->
                throw ApiValidationException.from(
                        Stream.concat(found.stream(), problems.stream()).toList(), Map.of());
        };
    }

    /**
     * A test run: {@code dryRun} (default true) answers the exact request the reaction would send; a real run needs
     * {@code confirm: true}. {@code direction} is the status the monitor moves to (default FAILED); {@code monitorId}
     * one of your monitors to act as if for (default: the first the reaction is attached to, else an example monitor
     * with id 0, whose link leads nowhere).
     */
    record TestRunRequest(Boolean dryRun, Boolean confirm, Status direction, Long monitorId) {}

    /**
     * What a test run found: the request of a dry run, or the outcome and output of a real run, and the monitor it
     * acted as if for (id 0: an example monitor).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TestRunView(
            boolean dryRun,
            boolean supported,
            Status direction,
            long monitorId,
            String monitorName,
            String request,
            ReactionOutcome outcome,
            String output,
            Boolean retryable) {}

    @Requires(Permission.EDIT)
    @PostMapping("/{id}/test")
    @Operation(summary = "Test-run a reaction: a dry run shows the request it would send; a real run needs confirm")
    TestRunView test(ActiveTeam team, @PathVariable long id, @RequestBody(required = false) TestRunRequest request) {
        TestRunRequest asked = request == null ? new TestRunRequest(null, null, null, null) : request;
        Status direction = asked.direction() == null ? Status.FAILED : asked.direction();
        if (direction != Status.FAILED && direction != Status.HEALTHY) {
            throw new ApiValidationException(Map.of("direction", "a test run reacts to FAILED or HEALTHY"));
        }
        service.get(team.id(), id);
        if (!Boolean.FALSE.equals(asked.dryRun())) {
            ReactionTestRuns.TestRun run = testRuns.dryRun(team.id(), id, direction, team.email(), asked.monitorId());
            return new TestRunView(
                    true,
                    run.supported(),
                    direction,
                    run.monitorId(),
                    run.monitorName(),
                    run.request(),
                    run.result() == null ? null : run.result().outcome(),
                    run.result() == null ? null : run.result().output(),
                    null);
        }
        if (!Boolean.TRUE.equals(asked.confirm())) {
            throw new ApiValidationException(Map.of(
                    "confirm",
                    "a real run does what the reaction does (reboots, "
                            + "fails over, pages): send \"confirm\": true to run it"));
        }
        ReactionTestRuns.TestRun run = testRuns.runForReal(team.id(), id, direction, team.email(), asked.monitorId());
        return new TestRunView(
                false,
                true,
                direction,
                run.monitorId(),
                run.monitorName(),
                null,
                run.result().outcome(),
                run.result().output(),
                run.result().retryable());
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a reaction; monitors it was attached to lose it")
    ResponseEntity<Void> delete(ActiveTeam team, @PathVariable long id) {
        service.delete(team.id(), id);
        return ResponseEntity.noContent().build();
    }

    /** The draft with what the request sends; fields it leaves out keep their values. */
    private static ReactionDraft apply(ReactionRequest request, ReactionDraft draft, ReactionType type) {
        return new ReactionDraft(
                or(request.name(), draft.name()),
                draft.reactionType(),
                request.callOn() != null ? callOn(request.callOn()) : draft.callOn(),
                or(request.triggerCount(), draft.triggerCount()),
                or(request.frequencySeconds(), draft.frequencySeconds()),
                or(request.timeoutSeconds(), draft.timeoutSeconds()),
                or(request.maxAttempts(), draft.maxAttempts()),
                or(request.escalationStep(), draft.escalationStep()),
                or(request.escalationWaitSeconds(), draft.escalationWaitSeconds()),
                disruptive(request.disruptive(), draft.disruptive()),
                verifyWithinSeconds(request.verifyWithinSeconds(), draft.verifyWithinSeconds()),
                or(request.approvalRequired(), draft.approvalRequired()),
                or(request.approvalTimeoutSeconds(), draft.approvalTimeoutSeconds()),
                request.onApprovalTimeout() != null
                        ? onApprovalTimeout(request.onApprovalTimeout())
                        : draft.onApprovalTimeout(),
                request.settings() != null ? new LinkedHashMap<>(request.settings()) : draft.settings(),
                request.settings() == null
                        ? draft.clearSecrets()
                        : type == null ? List.of() : PluginSettings.clearedByNull(type, request.settings()));
    }

    /** Left out keeps the stored say, null gives it back to the type, true or false is the reaction's own. */
    private static Boolean disruptive(JsonNode sent, Boolean kept) {
        if (sent == null) {
            return kept;
        }
        if (sent.isNull()) {
            return null;
        }
        if (sent.isBoolean()) {
            return sent.booleanValue();
        }
        throw new ApiValidationException(Map.of(
                "disruptive",
                "send true (its runs may take a service down), false (they may not) or null (as its type says), not "
                        + sent));
    }

    /** Left out keeps the stored time, null switches the check off, a whole number of seconds sets it. */
    private static Integer verifyWithinSeconds(JsonNode sent, Integer kept) {
        if (sent == null) {
            return kept;
        }
        if (sent.isNull()) {
            return null;
        }
        if (sent.isIntegralNumber() && sent.canConvertToInt()) {
            return sent.intValue();
        }
        throw new ApiValidationException(Map.of(
                "verifyWithinSeconds",
                "send the seconds within which the monitor must recover after a run (" + Limits.VerifyWithinSeconds.MIN
                        + " to " + Limits.VerifyWithinSeconds.MAX + "), or null for no check, not " + sent));
    }

    /** Read here rather than by JSON binding, so that a wrong value is a field error (422) saying what to send. */
    private static OnApprovalTimeout onApprovalTimeout(String value) {
        try {
            return OnApprovalTimeout.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ApiValidationException(Map.of(
                    "onApprovalTimeout",
                    "send RUN (an unanswered run runs by itself at its time limit) or SKIP (it is skipped), not "
                            + value));
        }
    }

    private static <T> T or(T sent, T kept) {
        return sent != null ? sent : kept;
    }

    /** Read here rather than by JSON binding, so that a wrong value is a field error (422) saying what to send. */
    private static CallOn callOn(String value) {
        try {
            return CallOn.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ApiValidationException(Map.of(
                    "callOn",
                    "a reaction runs on FAILED, HEALTHY or BOTH (both " + "changes, for notifications), not '" + value
                            + "'"));
        }
    }

    private ReactionView view(ReactionConfig reaction) {
        ReactionType type = service.types().find(reaction.getReactionType()).orElse(null);
        Map<String, String> visible =
                type == null ? reaction.getSettings() : PluginSettings.visible(type, reaction.getSettings());
        List<String> secrets = type == null
                ? List.of()
                : type.settings().stream()
                        .filter(Setting::secret)
                        .map(Setting::name)
                        .filter(reaction.getSettings()::containsKey)
                        .toList();
        return new ReactionView(
                reaction.getId(),
                reaction.getName(),
                reaction.getReactionType(),
                reaction.getCallOn(),
                reaction.getTriggerCount(),
                reaction.getFrequencySeconds(),
                reaction.getTimeoutSeconds(),
                reaction.getMaxAttempts(),
                reaction.getEscalationStep(),
                reaction.getEscalationWaitSeconds(),
                reaction.getDisruptive(),
                reaction.isDisruptive(type),
                reaction.getVerifyWithinSeconds(),
                reaction.isApprovalRequired(),
                reaction.getApprovalTimeoutSeconds(),
                reaction.getOnApprovalTimeout(),
                type != null && type.restoresOnRecovery(),
                visible,
                secrets,
                reaction.getCreatedAt(),
                reaction.getUpdatedAt());
    }
}
