package io.cloudroutes.reactions.haproxy;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.Verification;
import io.cloudroutes.reactions.support.TransitionText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sets one HAProxy server to drain or maint when its monitor fails and back to ready when it recovers, then reads the
 * server's state back to confirm that HAProxy applied it.
 */
final class HaproxyReaction implements Reaction {

    private final RuntimeApiAddress address;
    private final RuntimeApi api;
    private final String backend;
    private final String server;
    private final String mode;

    HaproxyReaction(HaproxyConfig config, Egress egress) {
        this.address = config.address();
        this.api = new RuntimeApi(address, egress);
        this.backend = config.backend();
        this.server = config.server();
        this.mode = config.mode();
    }

    /** The state to set for this change: the mode on failure, ready on recovery, none otherwise. */
    private Optional<String> wanted(StatusChanged change) {
        if (change.to() == Status.FAILED) {
            return Optional.of(mode);
        }
        return change.to() == Status.HEALTHY ? Optional.of("ready") : Optional.empty();
    }

    private String setCommand(String state) {
        return "set server " + backend + "/" + server + " state " + state;
    }

    private String showCommand() {
        return "show servers state " + backend;
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return Optional.of(wanted(change)
                .map(state -> "HAProxy runtime API at " + address.describe() + ":\n" + setCommand(state) + "\n"
                        + showCommand() + "   (to confirm " + backend + "/" + server + " is " + state + ")")
                .orElse(nothingToDo(change)));
    }

    private String nothingToDo(StatusChanged change) {
        return "nothing to do when the monitor becomes " + change.to() + ": " + backend + "/" + server
                + " is left as it is";
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Optional<String> wanted = wanted(change);
        if (wanted.isEmpty()) {
            return ReactionResult.skipped(nothingToDo(change));
        }
        String state = wanted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        String where = "HAProxy at " + address.describe();
        String command = setCommand(state);
        try {
            String answer = api.exchange(command, deadline).strip();
            if (!answer.isEmpty()) {
                return ReactionResult.failed(
                        where + " rejected '" + command + "': " + TransitionText.excerpt(answer, 500));
            }
            command = showCommand();
            String shown = api.exchange(command, deadline);
            Optional<ServerState> now = ServerState.find(shown, server);
            if (now.isEmpty()) {
                return ReactionResult.failed(where + " accepted '" + setCommand(state) + "' but '" + command
                        + "' shows no server " + server + ": " + TransitionText.excerpt(shown.strip(), 500));
            }
            String result = where + ": " + setCommand(state) + "\n" + backend + "/" + server + " is now "
                    + now.get().describe();
            return now.get().summary().equals(state)
                    ? ReactionResult.executed(result)
                    : ReactionResult.failed(where + " accepted '" + setCommand(state) + "' but " + backend + "/"
                            + server + " is " + now.get().describe());
        } catch (RuntimeApi.Timeout e) {
            return ReactionResult.retryable("no answer from " + where + " within " + timeout.toMillis() + " ms ("
                    + e.getMessage() + ") to '" + command + "'");
        } catch (ConnectException e) {
            return ReactionResult.retryable(where + " refused the connection for '" + command + "'"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (EgressRefusedException e) {
            return ReactionResult.failed("could not reach " + where + " for '" + command + "': " + e.getMessage());
        } catch (UnknownHostException e) {
            return ReactionResult.failed(
                    "unknown host " + address.host() + " in the runtime API address " + address.text());
        } catch (IOException e) {
            return ReactionResult.retryable("could not reach " + where + " for '" + command + "': "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Reads the server's state again: verified when it still is what the run set (drain or maint, or ready). */
    @Override
    public Optional<Verification> verify(StatusChanged change, Duration timeout) {
        Optional<String> wanted = wanted(change);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        String where = "HAProxy at " + address.describe();
        String command = showCommand();
        try {
            String shown = api.exchange(command, System.nanoTime() + timeout.toNanos());
            Optional<ServerState> now = ServerState.find(shown, server);
            if (now.isEmpty()) {
                return Optional.of(Verification.failed(where + ": '" + command + "' shows no server " + server));
            }
            String seen = backend + "/" + server + " is " + now.get().describe();
            return Optional.of(
                    now.get().summary().equals(wanted.get())
                            ? Verification.passed(where + ": " + seen)
                            : Verification.failed(where + ": " + seen + ", not " + wanted.get()));
        } catch (RuntimeApi.Timeout e) {
            return Optional.of(Verification.failed(
                    "no answer from " + where + " within " + timeout.toMillis() + " ms to '" + command + "'"));
        } catch (EgressRefusedException e) {
            return Optional.of(Verification.failed("could not reach " + where + ": " + e.getMessage()));
        } catch (IOException e) {
            return Optional.of(Verification.failed("could not reach " + where + " for '" + command + "': "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }
}
