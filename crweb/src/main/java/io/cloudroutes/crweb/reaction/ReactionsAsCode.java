package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The team's reactions as a configuration document reads and writes them: each change goes through the same checks and
 * {@link ReactionService} as the form and the API (the draft's constraints first, then the type's).
 */
@Component
public class ReactionsAsCode {

    /**
     * A reaction's fields as a document gives them; a field left out (null) takes the form's default, on an update
     * too: the document says all there is to say about the reaction. So a document without {@code approvalRequired}
     * turns approvals off, and {@code disruptive} left out means "as the type says".
     */
    public record Fields(
            String name,
            String type,
            CallOn callOn,
            Integer triggerCount,
            Integer frequencySeconds,
            Integer timeoutSeconds,
            Integer maxAttempts,
            Integer escalationStep,
            Integer escalationWaitSeconds,
            Boolean disruptive,
            Integer verifyWithinSeconds,
            Boolean approvalRequired,
            Integer approvalTimeoutSeconds,
            OnApprovalTimeout onApprovalTimeout,
            Map<String, String> settings,
            List<String> clearSecrets) {}

    private final ReactionService service;
    private final Validator validator;

    ReactionsAsCode(ReactionService service, Validator validator) {
        this.service = service;
        this.validator = validator;
    }

    public List<ReactionConfig> list(long teamId) {
        return service.list(teamId);
    }

    public PluginRegistry<ReactionType> types() {
        return service.types();
    }

    public SecretBox secrets() {
        return service.secrets();
    }

    public SaveResult<ReactionConfig> create(long teamId, long memberId, Fields fields) {
        ReactionDraft draft = draft(fields);
        List<FieldProblem> found = constraintProblems(draft);
        return withFound(found, service.create(teamId, memberId, draft, found));
    }

    public SaveResult<ReactionConfig> update(long teamId, long reactionId, Fields fields) {
        ReactionDraft draft = draft(fields);
        List<FieldProblem> found = constraintProblems(draft);
        return withFound(found, service.update(teamId, reactionId, draft, found));
    }

    public void delete(long teamId, long reactionId) {
        service.delete(teamId, reactionId);
    }

    /** Whether an export leaves the approval time limit out: it is the one a new reaction starts with. */
    public static boolean defaultApprovalTimeout(int seconds) {
        return seconds == ReactionDraft.forType(null).approvalTimeoutSeconds();
    }

    /** Whether an export leaves the choice for an unanswered approval out: it is the one a new reaction starts with. */
    public static boolean defaultOnApprovalTimeout(OnApprovalTimeout choice) {
        return choice == ReactionDraft.forType(null).onApprovalTimeout();
    }

    private static ReactionDraft draft(Fields f) {
        ReactionDraft d = ReactionDraft.forType(f.type());
        return new ReactionDraft(
                f.name(),
                f.type(),
                f.callOn() == null ? d.callOn() : f.callOn(),
                f.triggerCount() == null ? d.triggerCount() : f.triggerCount(),
                f.frequencySeconds() == null ? d.frequencySeconds() : f.frequencySeconds(),
                f.timeoutSeconds() == null ? d.timeoutSeconds() : f.timeoutSeconds(),
                f.maxAttempts() == null ? d.maxAttempts() : f.maxAttempts(),
                f.escalationStep() == null ? d.escalationStep() : f.escalationStep(),
                f.escalationWaitSeconds() == null ? d.escalationWaitSeconds() : f.escalationWaitSeconds(),
                f.disruptive(),
                f.verifyWithinSeconds(),
                f.approvalRequired() == null ? d.approvalRequired() : f.approvalRequired(),
                f.approvalTimeoutSeconds() == null ? d.approvalTimeoutSeconds() : f.approvalTimeoutSeconds(),
                f.onApprovalTimeout() == null ? d.onApprovalTimeout() : f.onApprovalTimeout(),
                f.settings() == null ? Map.of() : f.settings(),
                f.clearSecrets() == null ? List.of() : f.clearSecrets());
    }

    /** The service refuses a draft with constraint problems but names only the type's: both go back to the document. */
    private static SaveResult<ReactionConfig> withFound(List<FieldProblem> found, SaveResult<ReactionConfig> result) {
        if (result instanceof SaveResult.Refused<ReactionConfig>(var problems)) {
            return new SaveResult.Refused<>(java.util.stream.Stream.concat(found.stream(), problems.stream())
                    .toList());
        }
        return result;
    }

    private List<FieldProblem> constraintProblems(ReactionDraft draft) {
        return FieldProblem.violations(validator, draft);
    }
}
