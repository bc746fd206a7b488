package io.cloudroutes.reactions.sshcommand;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * Logs in with the key, accepting only the pinned host key, runs the command and reports its exit code and output.
 * Each run has its own client, stopped at the end, so runs share nothing.
 */
final class SshCommandReaction implements Reaction {

    /** How much of stdout and stderr the result keeps. */
    static final int OUTPUT_LIMIT = 4096;

    private final SshTarget target;
    private final Egress egress;

    SshCommandReaction(SshTarget target, Egress egress) {
        this.target = target;
        this.egress = egress;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        SshClient client = client(offered);
        client.start();
        try {
            // the egress guard looks the host up once; the client connects to the address it checked
            ConnectFuture connecting = client.connect(target.user(), egress.address(target.host(), target.port()));
            if (!connecting.await(left(deadline))) {
                connecting.cancel();
                return ReactionResult.retryable("no SSH connection to " + target.host() + ":" + target.port()
                        + " within the run's deadline of " + timeout.toMillis() + " ms");
            }
            if (connecting.getException() != null) {
                return unreachable(connecting.getException());
            }
            ClientSession session = connecting.getSession();
            session.addPublicKeyIdentity(target.key());
            ReactionResult refused = authenticate(session, offered, deadline, timeout);
            return refused != null ? refused : execute(session, deadline, timeout);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return ReactionResult.failed("interrupted while running `" + target.command() + "` on " + target.login());
        } catch (IOException e) {
            return unreachable(e);
        } finally {
            // at once, closing its sessions and channels: a graceful close would wait for an unresponsive server
            // past the deadline
            client.close(true);
        }
    }

    /** Null when logged in; otherwise why not. */
    private ReactionResult authenticate(
            ClientSession session, AtomicReference<PublicKey> offered, long deadline, Duration timeout)
            throws IOException {
        var auth = session.auth();
        boolean done;
        try {
            done = auth.await(left(deadline));
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            done = true;
        }
        PublicKey presented = offered.get();
        if (presented != null && !KeyUtils.compareKeys(presented, target.hostKey())) {
            return ReactionResult.failed("refused to log in to " + target.host() + ":" + target.port() + ": its "
                    + "host key is " + SshKeys.fingerprint(presented) + " (" + KeyUtils.getKeyType(presented)
                    + "), not the pinned " + SshKeys.fingerprint(target.hostKey()) + " ("
                    + KeyUtils.getKeyType(target.hostKey()) + "). If the server's key was really changed, put "
                    + "its new key in hostKey; otherwise something is between CloudRoutes and the server");
        }
        if (!done) {
            return ReactionResult.retryable("no SSH login to " + target.login() + " within the run's deadline of "
                    + timeout.toMillis() + " ms");
        }
        if (!auth.isSuccess()) {
            Throwable why = auth.getException();
            if (presented == null || session.isClosed() && !(why != null && isAuthRefusal(why))) {
                return unreachable(why);
            }
            return ReactionResult.failed("the server refused the key "
                    + SshKeys.fingerprint(target.key().getPublic())
                    + " for user " + target.user() + " on " + target.host() + ":" + target.port()
                    + ": add its public key to ~" + target.user() + "/.ssh/authorized_keys");
        }
        return null;
    }

    private ReactionResult execute(ClientSession session, long deadline, Duration timeout) throws IOException {
        BoundedOutput output = new BoundedOutput(OUTPUT_LIMIT);
        ChannelExec channel = session.createExecChannel(target.command());
        channel.setOut(output);
        channel.setErr(output);
        OpenFuture opening = channel.open();
        if (!opening.await(left(deadline))) {
            // the command is sent only once the server has confirmed the channel, so it has not started
            return ReactionResult.retryable("logged in to " + target.login() + ", but the server did not open a "
                    + "channel for the command within the run's deadline of " + timeout.toMillis() + " ms; "
                    + "the command did not run");
        }
        if (!opening.isOpened()) {
            return ReactionResult.failed("logged in to " + target.login() + ", but the server refused to run a "
                    + "command: "
                    + (opening.getException() == null
                            ? "channel not opened"
                            : opening.getException().getMessage()));
        }
        Set<ClientChannelEvent> events = channel.waitFor(
                EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL),
                left(deadline));
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
            return cutOff(timeout, output);
        }
        // the exit status may arrive a moment before the last output: wait for the channel to close
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Math.max(1, left(deadline)));
        Integer exit = channel.getExitStatus();
        String ran = "ran `" + target.command() + "` as " + target.login();
        if (exit == null) {
            return ReactionResult.failed(ran + ": it ended without an exit code"
                    + (channel.getExitSignal() == null ? "" : ", killed by signal " + channel.getExitSignal())
                    + "\n" + output.text());
        }
        if (target.successExitCodes().contains(exit)) {
            return ReactionResult.executed(ran + ": exit code " + exit + "\n" + output.text());
        }
        return ReactionResult.failed(ran + ": exit code " + exit + " (success is " + codes() + ")\n" + output.text());
    }

    private ReactionResult cutOff(Duration timeout, BoundedOutput output) {
        return ReactionResult.failed("`" + target.command() + "` on " + target.login() + " was cut off when the run's "
                + "deadline of " + timeout.toMillis() + " ms came, before it finished; it may have been partly done\n"
                + output.text());
    }

    private ReactionResult unreachable(Throwable e) {
        String where = target.host() + ":" + target.port();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EgressRefusedException refused) {
                return ReactionResult.failed("could not connect to " + where + ": " + refused.getMessage());
            }
            if (cause instanceof UnknownHostException) {
                return ReactionResult.retryable("could not connect to " + where + ": unknown host " + target.host());
            }
            if (cause instanceof ConnectException) {
                return ReactionResult.retryable("could not connect to " + where + ": " + cause.getMessage());
            }
            if (cause instanceof SocketTimeoutException) {
                return ReactionResult.retryable("no SSH connection to " + where + ": " + cause.getMessage());
            }
        }
        return ReactionResult.retryable("SSH connection to " + where + " failed: "
                + (e == null
                        ? "closed by the server"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private static boolean isAuthRefusal(Throwable e) {
        return e.getMessage() != null && e.getMessage().contains("authentication methods");
    }

    private String codes() {
        return String.join(
                " or ", target.successExitCodes().stream().map(String::valueOf).toList());
    }

    private static long left(long deadline) {
        return Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
    }

    /** A client that offers only the configured key, reads no ~/.ssh files and accepts only the pinned host key. */
    private SshClient client(AtomicReference<PublicKey> offered) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier((session, address, key) -> {
            offered.set(key);
            return KeyUtils.compareKeys(key, target.hostKey());
        });
        return client;
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return Optional.of("ssh " + target.user() + "@" + target.host() + " -p " + target.port() + " -- "
                + target.command() + "\n"
                + "key: " + SshKeys.fingerprint(target.key().getPublic()) + " ("
                + KeyUtils.getKeyType(target.key().getPublic()) + ", private part ****)\n"
                + "accepting only host key " + SshKeys.fingerprint(target.hostKey()) + " ("
                + KeyUtils.getKeyType(target.hostKey()) + ")\n"
                + "success exit codes: " + codes());
    }
}
