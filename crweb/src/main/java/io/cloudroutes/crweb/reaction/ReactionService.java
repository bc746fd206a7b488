package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

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

    ReactionService(
            PluginRegistry<ReactionType> types,
            ReactionConfigRepository reactions,
            MonitorRepository monitors,
            OutboxRepository outbox,
            SecretBox secrets,
            Quotas quotas) {
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

    List<ReactionConfig> list(long ownerId) {
        return reactions.findByOwnerIdOrderByNameAsc(ownerId);
    }

    ReactionConfig get(long ownerId, long reactionId) {
        return reactions
                .findByIdAndOwnerId(reactionId, ownerId)
                .orElseThrow(() -> new NotFoundException("reaction " + reactionId));
    }

    /** Validates and saves a new reaction; throws {@link QuotaExceededException} when the account has its most. */
    @Transactional
    Optional<ReactionConfig> create(long ownerId, ReactionForm form, Errors errors) {
        quotas.claim(ownerId, Quota.REACTIONS);
        Optional<ReactionType> type = types.find(form.getReactionType());
        if (type.isEmpty()) {
            errors.rejectValue(
                    "reactionType",
                    "unknown",
                    "unknown reaction type '" + form.getReactionType() + "'; choose one of "
                            + String.join(
                                    ", ",
                                    types.all().stream().map(ReactionType::id).toList()));
            return Optional.empty();
        }
        return save(new ReactionConfig(ownerId, form.getName(), type.get().id()), type.get(), form, errors);
    }

    @Transactional
    Optional<ReactionConfig> update(long ownerId, long reactionId, ReactionForm form, Errors errors) {
        ReactionConfig reaction = get(ownerId, reactionId);
        ReactionType type = types.find(reaction.getReactionType())
                .orElseThrow(
                        () -> new IllegalStateException("reaction type " + reaction.getReactionType() + " is gone"));
        form.setReactionType(reaction.getReactionType());
        return save(reaction, type, form, errors);
    }

    @Transactional
    void delete(long ownerId, long reactionId) {
        ReactionConfig reaction = get(ownerId, reactionId);
        resyncMonitorsOf(reaction);
        reactions.delete(reaction);
    }

    /**
     * Has the bridge rewrite the definitions of the monitors the reaction is attached to, whose trigger counts the
     * fold records decisions at.
     */
    private void resyncMonitorsOf(ReactionConfig reaction) {
        outbox.upsertAll(monitors.findIdsByReaction(reaction.getId()).toArray(Long[]::new));
    }

    private Optional<ReactionConfig> save(
            ReactionConfig reaction, ReactionType type, ReactionForm form, Errors errors) {
        String callOnProblem = form.getCallOn() == null ? null : type.callOnProblem(form.getCallOn());
        if (callOnProblem != null) {
            errors.rejectValue(
                    "callOn",
                    "invalid",
                    callOnProblem + " (BOTH suits: "
                            + String.join(
                                    ", ",
                                    types.all().stream()
                                            .filter(ReactionType::notifiesBothWays)
                                            .map(ReactionType::id)
                                            .toList())
                            + ")");
        }
        Map<String, String> values = PluginSettings.merge(
                type,
                form.getSettings(),
                reaction.getId() == null ? Map.of() : reaction.getSettings(),
                form.getClearSecrets(),
                reaction.secretScope(),
                secrets,
                errors);
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        boolean triggerMoved = reaction.getId() != null
                && (reaction.getCallOn() != form.getCallOn() || reaction.getTriggerCount() != form.getTriggerCount());
        reaction.setName(form.getName().trim());
        reaction.setSettings(PluginSettings.forStorage(type, values, reaction.secretScope(), secrets));
        reaction.setCallOn(form.getCallOn());
        reaction.setTriggerCount(form.getTriggerCount());
        reaction.setFrequencySeconds(form.getFrequencySeconds());
        reaction.setTimeoutSeconds(form.getTimeoutSeconds());
        reaction.setMaxAttempts(form.getMaxAttempts());
        reaction.setEscalationStep(form.getEscalationStep());
        reaction.setEscalationWaitSeconds(form.getEscalationWaitSeconds());
        reaction.touch();
        if (triggerMoved) {
            resyncMonitorsOf(reaction);
        }
        return Optional.of(reactions.save(reaction));
    }
}
