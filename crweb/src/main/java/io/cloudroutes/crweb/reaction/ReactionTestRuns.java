package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.system.CrwebProperties;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.StandardReactionServices;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Test runs of a reaction, before a real failure needs it: a dry run shows the exact request it would send; a real
 * run (after the person confirmed it) does it once, here in crweb, and shows the outcome. Neither is recorded as a
 * run of any monitor.
 */
@Service
class ReactionTestRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionTestRuns.class);

    private final ReactionService reactions;
    private final SecretBox secrets;
    private final ReactionServices services;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReactionTestRuns(ReactionService reactions, SecretBox secrets, CrwebProperties properties, Clock clock) {
        this.reactions = reactions;
        this.secrets = secrets;
        this.services = StandardReactionServices.of(properties.smtp(), properties.mailFrom(), properties.publicUrl());
        this.clock = clock;
    }

    /** What a test run reports: the request of a dry run, or the outcome of a real one. */
    record TestRun(boolean dryRun, boolean supported, Status direction, String request, ReactionResult result) {
    }

    /** The exact request the reaction would send for a change to {@code direction}; nothing is contacted. */
    TestRun dryRun(long ownerId, long reactionId, Status direction, String by) {
        ReactionConfig config = reactions.get(ownerId, reactionId);
        Optional<String> request = create(config).dryRun(change(config, direction, by));
        return new TestRun(true, request.isPresent(), direction, request.orElse(null), null);
    }

    /** Runs the reaction once for real for a change to {@code direction}, within its time budget. */
    TestRun runForReal(long ownerId, long reactionId, Status direction, String by) {
        ReactionConfig config = reactions.get(ownerId, reactionId);
        ReactionResult result = ReactionCalls.runWithin(executor, create(config), change(config, direction, by),
                Duration.ofSeconds(config.getTimeoutSeconds()));
        log.info("reaction test run reaction={} type={} by={} direction={} outcome={}", reactionId,
                config.getReactionType(), by, direction, result.outcome());
        return new TestRun(false, true, direction, null, result);
    }

    private Reaction create(ReactionConfig config) {
        ReactionType type = reactions.types().find(config.getReactionType())
                .orElseThrow(() -> new IllegalStateException("reaction type " + config.getReactionType() + " is gone"));
        return ReactionCalls.create(type, config.getSettings(), Optional.of(secrets), services);
    }

    /** The change a test run reacts to: a monitor named after the test, moving to {@code direction}. */
    private StatusChanged change(ReactionConfig config, Status direction, String by) {
        Status from = direction == Status.FAILED ? Status.HEALTHY : Status.FAILED;
        return new StatusChanged(0, "test run of " + config.getName(), from, direction, "test run by " + by,
                "test", clock.millis(), 1);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
