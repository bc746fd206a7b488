package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reaction as a user asks for it, through the form or the API: when it runs, and the reaction type's settings.
 * {@link ReactionService} checks it against the type and saves it; the constraints here are the checks that need no
 * type. {@code clearSecrets} are stored secret settings to remove (a blank secret keeps the stored value).
 * {@code disruptive} is the reaction's own say whether its runs may take a service down, null: as its type says.
 * {@code verifyWithinSeconds}: the monitor must recover this soon after a run on a failure, or the next escalation step
 * is due at once; null: no such check.
 *
 * {@code approvalRequired}: each run waits for a person's approval, at most {@code approvalTimeoutSeconds}, then runs or
 * is skipped as {@code onApprovalTimeout} says.
 */
record ReactionDraft(
        @NotBlank(message = "give the reaction a name")
        @Size(max = Limits.Name.MAX_LENGTH, message = Limits.Name.MESSAGE)
        String name,

        @Size(max = Limits.TypeId.MAX_LENGTH, message = Limits.TypeId.REACTION_MESSAGE)
        String reactionType,

        @NotNull(message = "choose FAILED, HEALTHY or BOTH") CallOn callOn,

        @NotNull(message = "enter after how many consecutive results it runs")
        @Min(value = Limits.TriggerCount.MIN, message = Limits.TriggerCount.MESSAGE)
        @Max(value = Limits.TriggerCount.MAX, message = Limits.TriggerCount.MESSAGE)
        Integer triggerCount,

        @NotNull(message = "enter the minimum seconds between two runs (0 for no limit)")
        @Min(value = Limits.FrequencySeconds.MIN, message = Limits.FrequencySeconds.MESSAGE)
        @Max(value = Limits.FrequencySeconds.MAX, message = Limits.FrequencySeconds.MESSAGE)
        Integer frequencySeconds,

        @NotNull(message = "enter how long one run may take, retries included")
        @Min(value = Limits.RunTimeoutSeconds.MIN, message = Limits.RunTimeoutSeconds.MESSAGE)
        @Max(value = Limits.RunTimeoutSeconds.MAX, message = Limits.RunTimeoutSeconds.MESSAGE)
        Integer timeoutSeconds,

        @NotNull(message = "enter how many times a run may try (1 for no retry)")
        @Min(value = Limits.MaxAttempts.MIN, message = Limits.MaxAttempts.MESSAGE)
        @Max(value = Limits.MaxAttempts.MAX, message = Limits.MaxAttempts.MESSAGE)
        Integer maxAttempts,

        @NotNull(message = "enter the escalation step (1 = first)")
        @Min(value = Limits.EscalationStep.MIN, message = Limits.EscalationStep.MESSAGE)
        @Max(value = Limits.EscalationStep.MAX, message = Limits.EscalationStep.MESSAGE)
        Integer escalationStep,

        @NotNull(message = "enter the seconds to wait before this step (0 = none)")
        @Min(value = Limits.EscalationWaitSeconds.MIN, message = Limits.EscalationWaitSeconds.MESSAGE)
        @Max(value = Limits.EscalationWaitSeconds.MAX, message = Limits.EscalationWaitSeconds.MESSAGE)
        Integer escalationWaitSeconds,

        Boolean disruptive,

        @Min(value = Limits.VerifyWithinSeconds.MIN, message = Limits.VerifyWithinSeconds.MESSAGE)
        @Max(value = Limits.VerifyWithinSeconds.MAX, message = Limits.VerifyWithinSeconds.MESSAGE)
        Integer verifyWithinSeconds,

        @NotNull(message = "say whether each run waits for a person's approval")
        Boolean approvalRequired,

        @NotNull(message = "enter how many seconds a run waits for approval")
        @Min(value = Limits.ApprovalTimeoutSeconds.MIN, message = Limits.ApprovalTimeoutSeconds.MESSAGE)
        @Max(value = Limits.ApprovalTimeoutSeconds.MAX, message = Limits.ApprovalTimeoutSeconds.MESSAGE)
        Integer approvalTimeoutSeconds,

        @NotNull(message = "choose RUN (it runs by itself) or SKIP (it is skipped) for an unanswered approval")
        OnApprovalTimeout onApprovalTimeout,

        Map<String, String> settings,
        List<String> clearSecrets) {

    /** A new reaction of the type, with the defaults the form starts from. */
    static ReactionDraft forType(String reactionType) {
        return new ReactionDraft(
                "",
                reactionType,
                CallOn.FAILED,
                1,
                0,
                ReactionConfig.DEFAULT_TIMEOUT_SECONDS,
                ReactionConfig.DEFAULT_MAX_ATTEMPTS,
                1,
                0,
                null,
                null,
                false,
                ReactionConfig.DEFAULT_APPROVAL_TIMEOUT_SECONDS,
                OnApprovalTimeout.SKIP,
                new LinkedHashMap<>(),
                List.of());
    }

    /** The stored reaction as a draft; {@code visibleSettings} leaves its secrets out. */
    static ReactionDraft of(ReactionConfig reaction, Map<String, String> visibleSettings) {
        return new ReactionDraft(
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
                reaction.getVerifyWithinSeconds(),
                reaction.isApprovalRequired(),
                reaction.getApprovalTimeoutSeconds(),
                reaction.getOnApprovalTimeout(),
                new LinkedHashMap<>(visibleSettings),
                List.of());
    }
}
