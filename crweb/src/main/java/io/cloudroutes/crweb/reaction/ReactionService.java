package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.audit.Changes;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes a user's reactions. The actioner reads them from PostgreSQL when it needs them; the
 * definitions of their monitors in Redis carry their triggers, which a change of trigger or callOn, or a deletion,
 * has the bridge rewrite (an outbox entry per attached monitor, in the same transaction).
 */
@Service
class ReactionService {

    private final ReactionConfigRepository reactions;
    private final MonitorRepository monitors;
    private final OutboxRepository outbox;
    private final PluginRegistry<ReactionType> types;

    private final SecretBox secrets;
    private final Quotas quotas;

    private final AuditLog audit;

    ReactionService(
            PluginRegistry<ReactionType> types,
            ReactionConfigRepository reactions,
            MonitorRepository monitors,
            OutboxRepository outbox,
            SecretBox secrets,
            Quotas quotas,
            AuditLog audit) {
        this.audit = audit;
        this.types = types;
        this.reactions = reactions;
        this.monitors = monitors;
        this.outbox = outbox;
        this.secrets = secrets;
        this.quotas = quotas;
    }

    SecretBox secrets() {
        return secrets;
    }

    PluginRegistry<ReactionType> types() {
        return types;
    }

    List<ReactionConfig> list(long teamId) {
        return reactions.findByTeamIdOrderByNameAsc(teamId);
    }

    ReactionConfig get(long teamId, long reactionId) {
        return reactions
                .findByIdAndTeamId(reactionId, teamId)
                .orElseThrow(() -> new NotFoundException("reaction " + reactionId));
    }

    /**
     * Checks a new reaction against its type and saves it, unless it or {@code found} (what checking the input found
     * already) has a problem; throws {@link QuotaExceededException} when the team has its most.
     */
    @Transactional
    SaveResult<ReactionConfig> create(long teamId, long memberId, ReactionDraft draft, List<FieldProblem> found) {
        quotas.claim(teamId, Quota.REACTIONS);
        Optional<ReactionType> type = types.find(draft.reactionType());
        if (type.isEmpty()) {
            return new SaveResult.Refused<>(List.of(new FieldProblem(
                    "reactionType",
                    "unknown reaction type '" + draft.reactionType() + "'; choose one of "
                            + String.join(
                                    ", ",
                                    types.all().stream().map(ReactionType::id).toList()))));
        }
        return save(
                new ReactionConfig(teamId, memberId, draft.name(), type.get().id()), type.get(), draft, found);
    }

    /** Like {@link #create}; a reaction keeps its type, whatever the draft names. */
    @Transactional
    SaveResult<ReactionConfig> update(long teamId, long reactionId, ReactionDraft draft, List<FieldProblem> found) {
        ReactionConfig reaction = get(teamId, reactionId);
        ReactionType type = types.find(reaction.getReactionType())
                .orElseThrow(
                        () -> new IllegalStateException("reaction type " + reaction.getReactionType() + " is gone"));
        return save(reaction, type, draft, found);
    }

    @Transactional
    void delete(long teamId, long reactionId) {
        ReactionConfig reaction = get(teamId, reactionId);
        resyncMonitorsOf(reaction);
        reactions.delete(reaction);
        audit.record(
                teamId,
                AuditAction.REACTION_DELETED,
                Target.reaction(reactionId, reaction.getName()),
                reaction.getReactionType() + " reaction");
    }

    /**
     * Has the bridge rewrite the definitions of the monitors the reaction is attached to, whose trigger counts the
     * fold records decisions at.
     */
    private void resyncMonitorsOf(ReactionConfig reaction) {
        outbox.upsertAll(monitors.findIdsByReaction(reaction.getId()).toArray(Long[]::new));
    }

    private SaveResult<ReactionConfig> save(
            ReactionConfig reaction, ReactionType type, ReactionDraft draft, List<FieldProblem> found) {
        List<FieldProblem> problems = new ArrayList<>();
        String callOnProblem = draft.callOn() == null ? null : type.callOnProblem(draft.callOn());
        if (callOnProblem != null) {
            problems.add(new FieldProblem(
                    "callOn",
                    callOnProblem + " (BOTH suits: "
                            + String.join(
                                    ", ",
                                    types.all().stream()
                                            .filter(ReactionType::notifiesBothWays)
                                            .map(ReactionType::id)
                                            .toList())
                            + ")"));
        }
        Map<String, String> values = PluginSettings.merge(
                type,
                draft.settings(),
                reaction.getId() == null ? Map.of() : reaction.getSettings(),
                draft.clearSecrets(),
                reaction.secretScope(),
                secrets,
                problems);
        if (!found.isEmpty() || !problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        Map<String, String> before = reaction.getId() == null ? null : Changes.of(reaction);
        boolean triggerMoved = reaction.getId() != null
                && (reaction.getCallOn() != draft.callOn() || reaction.getTriggerCount() != draft.triggerCount());
        reaction.setName(draft.name().trim());
        reaction.setSettings(PluginSettings.forStorage(type, values, reaction.secretScope(), secrets));
        reaction.setCallOn(draft.callOn());
        reaction.setTriggerCount(draft.triggerCount());
        reaction.setFrequencySeconds(draft.frequencySeconds());
        reaction.setTimeoutSeconds(draft.timeoutSeconds());
        reaction.setMaxAttempts(draft.maxAttempts());
        reaction.setEscalationStep(draft.escalationStep());
        reaction.setEscalationWaitSeconds(draft.escalationWaitSeconds());
        reaction.setDisruptive(draft.disruptive());
        reaction.setVerifyWithinSeconds(draft.verifyWithinSeconds());

        reaction.setApprovalRequired(draft.approvalRequired());
        reaction.setApprovalTimeoutSeconds(draft.approvalTimeoutSeconds());
        reaction.setOnApprovalTimeout(draft.onApprovalTimeout());
        reaction.touch();
        if (triggerMoved) {
            resyncMonitorsOf(reaction);
        }
        ReactionConfig saved = reactions.save(reaction);
        audit.record(
                saved.getTeamId(),
                before == null ? AuditAction.REACTION_CREATED : AuditAction.REACTION_CHANGED,
                Target.reaction(saved.getId(), saved.getName()),
                before == null ? saved.getReactionType() + " reaction" : Changes.between(before, Changes.of(saved)));
        return new SaveResult.Saved<>(saved);
    }
}
