package io.cloudroutes.reactions;

import io.cloudroutes.core.log.LogContext;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.core.secret.SecretSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a process that runs reactions (the actioner, and crweb for test runs) makes one from its stored settings and
 * runs it: secrets opened, defaults filled in, and a hard deadline even for a reaction that ignores its timeout.
 */
public final class ReactionCalls {

    /** Time a reaction gets beyond its own timeout before it is abandoned. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private ReactionCalls() {}

    /**
     * The reaction for settings as stored, secret ones sealed for the reaction's row {@code scope}.
     *
     * @throws SecretBox.SecretException when a secret cannot be opened here; the message says which setting and what
     *                                   to do
     * @throws UnusableSettings           when the saved settings no longer pass the type's validation
     */
    public static Reaction create(
            ReactionType type,
            Map<String, String> stored,
            Optional<SecretBox> secrets,
            SecretScope scope,
            ReactionServices services) {
        return create(type, stored, secrets, scope, services, TeamContacts.NOBODY);
    }

    /**
     * {@link #create(ReactionType, Map, Optional, SecretScope, ReactionServices)} for a reaction of the team
     * {@code team} describes (whose on-call members an email may go to).
     */
    public static Reaction create(
            ReactionType type,
            Map<String, String> stored,
            Optional<SecretBox> secrets,
            SecretScope scope,
            ReactionServices services,
            TeamContacts team) {
        Map<String, String> settings = SecretSettings.open(type.settings(), stored, secrets, scope);
        Map<String, String> filled = Settings.withDefaults(type.settings(), settings);
        // A row saved before a rule existed can fail it now: a final failure that says so, not a run retried forever.
        Map<String, String> errors = type.validate(filled);
        if (!errors.isEmpty()) {
            throw new UnusableSettings("the reaction's saved settings are not valid any more ("
                    + String.join("; ", errors.values()) + "); edit the reaction and save it again");
        }
        return type.create(filled, services.forTeam(team));
    }

    /** Saved settings that no longer pass the type's validation; the message names what to fix, never a value. */
    public static final class UnusableSettings extends RuntimeException {

        UnusableSettings(String message) {
            super(message);
        }
    }

    /**
     * Runs the reaction on {@code executor} and waits at most its timeout (and a second); one that overruns is
     * cancelled and reported as a retryable failure, one that throws as a failure naming the error. What the reaction
     * logs carries the caller's {@link LogContext} and the monitor's id.
     *
     * @param runKey the same for every attempt of one run (see {@link Reaction#run(StatusChanged, Duration, String)})
     */
    public static ReactionResult runWithin(
            ExecutorService executor, Reaction reaction, StatusChanged change, Duration timeout, String runKey) {
        // the caller's log context (monitor, reaction, run ids) goes with the reaction, so its own lines carry them
        Future<ReactionResult> running = executor.submit(LogContext.carried(() -> {
            try (LogContext.Scope ignored = LogContext.monitor(change.monitorId())) {
                return reaction.run(change, timeout, runKey);
            }
        }));
        try {
            return running.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return ReactionResult.retryable("did not finish within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return ReactionResult.failed("stopped while the reaction ran");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ReactionResult.failed("error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
    }
}
