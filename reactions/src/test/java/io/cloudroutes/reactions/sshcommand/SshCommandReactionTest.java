package io.cloudroutes.reactions.sshcommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs commands on a real SSH server: MINA's SshServer on loopback, accepting only the test's client key and running
 * each command through /bin/sh -c, so exit codes and output are those of real processes.
 */
class SshCommandReactionTest {

    private final SshCommandReactionType type = new SshCommandReactionType();
    private final StatusChanged failure =
            new StatusChanged(7, "shop", Status.HEALTHY, Status.FAILED, "HTTP 502", "default", 1_700_000_000_000L, 1);
    private KeyPair hostKey;
    private KeyPair clientKey;
    private SshServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(
                (user, key, session) -> user.equals("deploy") && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setCommandFactory(
                (channel, command) -> new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(true);
    }

    private static String privateKeyText(KeyPair pair, OpenSSHKeyEncryptionContext encryption)
            throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "cloudroutes-test", encryption, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> settings(String command) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(server.getPort()));
        settings.put("user", "deploy");
        settings.put("privateKey", privateKeyText(clientKey, null));
        settings.put("hostKey", PublicKeyEntry.toString(hostKey.getPublic()));
        settings.put("command", command);
        return settings;
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private ReactionResult run(Map<String, String> settings, Duration timeout) {
        return reaction(settings).run(failure, timeout);
    }

    private String login() {
        return "deploy@127.0.0.1:" + server.getPort();
    }

    @Test
    void runsTheCommandAndReportsExitCodeAndOutput() throws Exception {
        Path marker = dir.resolve("restarted");
        ReactionResult result =
                run(settings("echo restarting shop; touch " + marker + "; echo done >&2"), Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("ran `echo restarting shop; touch " + marker + "; echo done >&2` as " + login()
                        + ": exit code 0\nrestarting shop\ndone\n");
        assertThat(marker).exists();
    }

    @Test
    void aNonZeroExitFailsForGoodWithTheCodeAndOutput() throws Exception {
        ReactionResult result = run(settings("echo 'Job for shop.service failed' >&2; exit 3"), Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("ran `echo 'Job for shop.service failed' >&2; exit 3` as " + login()
                        + ": exit code 3 (success is 0)\nJob for shop.service failed\n");
    }

    @Test
    void anExitCodeListedAsSuccessCountsAsExecuted() throws Exception {
        Map<String, String> settings = settings("exit 3");
        settings.put("successExitCodes", "0, 3");

        ReactionResult result = run(settings, Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output()).isEqualTo("ran `exit 3` as " + login() + ": exit code 3\n(no output)");
    }

    @Test
    void keepsOnlyTheFirst4KiBOfOutput() throws Exception {
        ReactionResult result = run(settings("head -c 10000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output()).endsWith(": exit code 0\n" + "x".repeat(4096) + "\n… (5904 more bytes not kept)");
    }

    @Test
    void aCommandStillRunningAtTheDeadlineIsCutOff() throws Exception {
        ReactionResult result = run(settings("echo stopping; sleep 10; echo never"), Duration.ofSeconds(3));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("`echo stopping; sleep 10; echo never` on " + login() + " was cut off "
                        + "when the run's deadline of 3000 ms came, before it finished; it may have been partly done\n"
                        + "stopping\n");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedForGood() throws Exception {
        KeyPair stranger = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Map<String, String> settings = settings("true");
        settings.put("privateKey", privateKeyText(stranger, null));

        ReactionResult result = run(settings, Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("the server refused the key " + KeyUtils.getFingerPrint(stranger.getPublic())
                        + " for user deploy on 127.0.0.1:" + server.getPort()
                        + ": add its public key to ~deploy/.ssh/authorized_keys");
    }

    @Test
    void aServerWithAnotherHostKeyIsRefusedNamingBothFingerprints() throws Exception {
        Path marker = dir.resolve("ran");
        KeyPair pinned = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Map<String, String> settings = settings("touch " + marker);
        settings.put("hostKey", "127.0.0.1 " + PublicKeyEntry.toString(pinned.getPublic()));

        ReactionResult result = run(settings, Duration.ofSeconds(20));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .startsWith("refused to log in to 127.0.0.1:" + server.getPort() + ": its host key "
                        + "is " + KeyUtils.getFingerPrint(hostKey.getPublic()) + " (ssh-ed25519), not the pinned "
                        + KeyUtils.getFingerPrint(pinned.getPublic()) + " (ssh-ed25519).");
        assertThat(KeyUtils.getFingerPrint(pinned.getPublic())).startsWith("SHA256:");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aRefusedPortIsRetryable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings = settings("true");
        settings.put("port", String.valueOf(closed));

        ReactionResult result = run(settings, Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output()).startsWith("could not connect to 127.0.0.1:" + closed + ": ");
    }

    @Test
    void aServerThatNeverAnswersIsRetryable() throws Exception {
        // a listening socket that accepts into its backlog but never speaks SSH
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = settings("true");
            settings.put("port", String.valueOf(silent.getLocalPort()));

            ReactionResult result = run(settings, Duration.ofSeconds(2));

            assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
            assertThat(result.retryable()).isTrue();
            assertThat(result.output())
                    .isEqualTo("no SSH login to deploy@127.0.0.1:" + silent.getLocalPort()
                            + " within the run's deadline of 2000 ms");
        }
    }

    @Test
    void dryRunShowsTheCommandAndThePinnedKeyWithoutConnecting() throws Exception {
        Map<String, String> settings = settings("sudo systemctl restart shop");
        settings.put("port", "2222");
        settings.put("host", "web1.example.com");

        assertThat(reaction(settings).dryRun(failure))
                .hasValue("ssh deploy@web1.example.com -p 2222 -- sudo systemctl restart shop\n"
                        + "key: " + KeyUtils.getFingerPrint(clientKey.getPublic())
                        + " (ssh-ed25519, private part ****)\n"
                        + "accepting only host key " + KeyUtils.getFingerPrint(hostKey.getPublic()) + " (ssh-ed25519)\n"
                        + "success exit codes: 0");
        assertThat(server.getActiveSessions()).isEmpty();
    }

    @Test
    void rejectsUnreadableKeysAndBadExitCodes() throws Exception {
        OpenSSHKeyEncryptionContext encrypted = new OpenSSHKeyEncryptionContext();
        encrypted.setPassword("secret");
        encrypted.setCipherName("AES");
        encrypted.setCipherMode("CTR");
        encrypted.setCipherType("256");
        Map<String, String> settings = settings("true");
        settings.put("privateKey", privateKeyText(clientKey, encrypted));
        settings.put("hostKey", "ssh-ed25519 not-base64");
        settings.put("successExitCodes", "0,ok");

        Map<String, String> errors = type.validate(settings);

        assertThat(errors).containsOnlyKeys("privateKey", "hostKey", "successExitCodes");
        assertThat(errors.get("privateKey"))
                .isEqualTo("Private key: the key is encrypted with a passphrase; give an "
                        + "unencrypted key (ssh-keygen -p -N '' -f key)");
        assertThat(errors.get("hostKey")).startsWith("Host key: not an OpenSSH public key line like 'ssh-ed25519");
        assertThat(errors.get("successExitCodes")).startsWith("Success exit codes must be numbers from 0 to 255");

        settings.put("privateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\ngarbage\n-----END OPENSSH PRIVATE KEY-----");
        assertThat(type.validate(settings).get("privateKey")).startsWith("Private key: not a readable private key");
    }

    @Test
    void acceptsATraditionalPemRsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(generator.generateKeyPair());
        }
        Map<String, String> settings = settings("true");
        settings.put("privateKey", pem.toString());

        assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(type.validate(settings)).isEmpty();
    }

    @Test
    void isOneSidedAndRegistered() {
        assertThat(type.restoresOnRecovery()).isFalse();
        assertThat(type.settings())
                .filteredOn(s -> s.name().equals("privateKey"))
                .singleElement()
                .matches(s -> s.secret());
        assertThat(ReactionType.registry().find("ssh-command")).isPresent();
    }
}
