package io.cloudroutes.crweb.secret;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.core.secret.SecretSettings;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals again, at start, every secret setting that is not sealed the way crweb seals now: stored in plain text (saved
 * before encryption at rest existed, or by a type that only later marked a setting secret), sealed under a key being
 * rotated out, or sealed before values were bound to their row and owner. No secret then stays readable in the
 * database, the old key can be dropped, and every value opens only in its own row.
 *
 * <p>A value that does not open here (sealed under another key, altered, copied from another row) is left as it is
 * and logged with its row and setting, never its value: crweb starts all the same, and the check or reaction that
 * uses it fails saying why until the person enters it again.
 */
@Component
class PlainSecretsSealer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlainSecretsSealer.class);

    private final MonitorRepository monitors;
    private final ReactionConfigRepository reactions;
    private final OutboxRepository outbox;
    private final SecretBox box;
    private final TransactionTemplate transaction;
    private final PluginRegistry<CheckType> checkTypes;
    private final PluginRegistry<ReactionType> reactionTypes;

    PlainSecretsSealer(
            PluginRegistry<CheckType> checkTypes,
            PluginRegistry<ReactionType> reactionTypes,
            MonitorRepository monitors,
            ReactionConfigRepository reactions,
            OutboxRepository outbox,
            SecretBox box,
            TransactionTemplate transaction) {
        this.checkTypes = checkTypes;
        this.reactionTypes = reactionTypes;
        this.monitors = monitors;
        this.reactions = reactions;
        this.outbox = outbox;
        this.box = box;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = 0;
        for (long id : transaction.execute(
                status -> monitors.findAll().stream().map(Monitor::getId).toList())) {
            sealed += inOwnTransaction(
                    SecretScope.MONITOR,
                    id,
                    () -> monitors.findById(id)
                            .map(monitor -> seal(
                                    SecretScope.MONITOR,
                                    id,
                                    checkTypes.find(monitor.getCheckType()),
                                    monitor.getSettings(),
                                    monitor.secretScope(),
                                    settings -> {
                                        monitor.setSettings(settings);
                                        monitors.save(monitor);
                                        outbox.save(OutboxEntry.upsert(id)); // Redis holds a copy of the settings too
                                    }))
                            .orElse(false));
        }
        for (long id : transaction.execute(status ->
                reactions.findAll().stream().map(ReactionConfig::getId).toList())) {
            sealed += inOwnTransaction(
                    SecretScope.REACTION,
                    id,
                    () -> reactions
                            .findById(id)
                            .map(reaction -> seal(
                                    SecretScope.REACTION,
                                    id,
                                    reactionTypes.find(reaction.getReactionType()),
                                    reaction.getSettings(),
                                    reaction.secretScope(),
                                    settings -> {
                                        reaction.setSettings(settings);
                                        reactions.save(reaction);
                                    }))
                            .orElse(false));
        }
        if (sealed > 0) {
            log.info("sealed secret settings under the current key, bound to their row rows={}", sealed);
        }
    }

    /** 1 when the row's settings were sealed again; a row that fails is logged and left for the next start. */
    private int inOwnTransaction(String kind, long id, Supplier<Boolean> work) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> work.get())) ? 1 : 0;
        } catch (RuntimeException e) {
            log.error(
                    "could not seal the secret settings of a row, left as stored kind={} id={} error={}",
                    kind,
                    id,
                    e.toString());
            return 0;
        }
    }

    private boolean seal(
            String kind,
            long id,
            Optional<? extends PluginType> type,
            Map<String, String> stored,
            SecretScope scope,
            Consumer<Map<String, String>> save) {
        if (type.isEmpty()) {
            return false;
        }
        List<String> unopenable = SecretSettings.unopenable(type.get().settings(), stored, box, scope);
        for (String setting : unopenable) {
            log.warn(
                    "a stored secret setting cannot be opened and is left as stored; its {} fails until the setting "
                            + "is entered again (sealed under another CLOUDROUTES_SECRET_KEY, altered, or copied from another "
                            + "row) kind={} id={} owner={} setting={}",
                    kind,
                    kind,
                    id,
                    scope.ownerId(),
                    setting);
        }
        if (!SecretSettings.needsSealing(type.get().settings(), stored, box, scope)) {
            return false;
        }
        save.accept(SecretSettings.reseal(type.get().settings(), stored, box, scope));
        return true;
    }
}
