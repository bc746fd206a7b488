package io.cloudroutes.crweb.secret;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretSettings;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Encrypts, at start, secret settings stored in plain text (saved before encryption at rest existed, or by a type
 * that only later marked a setting secret), and seals again under the current key the values of a key being rotated
 * out, so that no secret stays readable in the database and the old key can be dropped.
 */
@Component
class PlainSecretsSealer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlainSecretsSealer.class);

    private final MonitorRepository monitors;
    private final ReactionConfigRepository reactions;
    private final OutboxRepository outbox;
    private final SecretBox box;
    private final TransactionTemplate transaction;
    private final PluginRegistry<CheckType> checkTypes = CheckType.registry();
    private final PluginRegistry<ReactionType> reactionTypes = ReactionType.registry();

    PlainSecretsSealer(MonitorRepository monitors, ReactionConfigRepository reactions, OutboxRepository outbox,
            SecretBox box, TransactionTemplate transaction) {
        this.monitors = monitors;
        this.reactions = reactions;
        this.outbox = outbox;
        this.box = box;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = transaction.execute(status -> sealMonitors() + sealReactions());
        if (sealed > 0) {
            log.info("sealed secret settings under the current key count={}", sealed);
        }
    }

    private int sealMonitors() {
        int count = 0;
        for (Monitor monitor : monitors.findAll()) {
            Optional<CheckType> type = checkTypes.find(monitor.getCheckType());
            if (type.isPresent() && SecretSettings.needsSealing(type.get().settings(), monitor.getSettings(), box)) {
                monitor.setSettings(SecretSettings.reseal(type.get().settings(), monitor.getSettings(), box));
                monitors.save(monitor);
                outbox.save(OutboxEntry.upsert(monitor.getId())); // Redis holds a copy of the settings too
                count++;
            }
        }
        return count;
    }

    private int sealReactions() {
        int count = 0;
        for (ReactionConfig reaction : reactions.findAll()) {
            Optional<? extends PluginType> type = reactionTypes.find(reaction.getReactionType());
            if (type.isPresent() && SecretSettings.needsSealing(type.get().settings(), reaction.getSettings(), box)) {
                reaction.setSettings(SecretSettings.reseal(type.get().settings(), reaction.getSettings(), box));
                reactions.save(reaction);
                count++;
            }
        }
        return count;
    }
}
