package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.reactions.ReactionType;
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

    /** A reaction's fields as a document gives them; a null number takes the form's default. */
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
        ReactionDraft draft = draft(fields, null, null);
        return service.create(teamId, memberId, draft, constraintProblems(draft));
    }

    public SaveResult<ReactionConfig> update(long teamId, long reactionId, Fields fields) {
        // a document says nothing of disruptive, approvals or the check after a run yet: the reaction keeps its own say
        ReactionConfig stored = service.get(teamId, reactionId);
        ReactionDraft draft = draft(fields, stored.getDisruptive(), stored);
        return service.update(teamId, reactionId, draft, constraintProblems(draft));
    }

    public void delete(long teamId, long reactionId) {
        service.delete(teamId, reactionId);
    }

    private static ReactionDraft draft(Fields f, Boolean disruptive, ReactionConfig stored) {
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
                disruptive,
                stored == null ? d.verifyWithinSeconds() : stored.getVerifyWithinSeconds(),
                stored == null ? d.approvalRequired() : stored.isApprovalRequired(),
                stored == null ? d.approvalTimeoutSeconds() : stored.getApprovalTimeoutSeconds(),
                stored == null ? d.onApprovalTimeout() : stored.getOnApprovalTimeout(),
                f.settings() == null ? Map.of() : f.settings(),
                f.clearSecrets() == null ? List.of() : f.clearSecrets());
    }

    private List<FieldProblem> constraintProblems(ReactionDraft draft) {
        return FieldProblem.violations(validator, draft);
    }
}
