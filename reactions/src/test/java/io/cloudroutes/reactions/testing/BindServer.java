package io.cloudroutes.reactions.testing;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code /usr/sbin/named}, from {@code .ci/install-test-tools}) serving one zone on a free loopback port,
 * with a generated configuration in a temporary directory, for tests of DNS updates.
 *
 * <p>Zone {@value #ZONE} accepts updates signed with key {@value #KEY_NAME} (hmac-sha256); key {@value #READ_ONLY_KEY}
 * is known to the server but not allowed to update (the server answers REFUSED). Zone {@value #BROKEN_ZONE} is
 * configured but its file does not load (the server answers SERVFAIL).
 */
public final class BindServer implements AutoCloseable {

    public static final String ZONE = "example.test";
    public static final String BROKEN_ZONE = "broken.test";
    public static final String KEY_NAME = "cloudroutes";
    public static final String READ_ONLY_KEY = "readonly";
    private static final Path NAMED = Path.of("/usr/sbin/named");

    private final Path directory;
    private final int port;
    private final String keySecret;
    private final String readOnlySecret;
    private final Process process;

    private BindServer(Path directory, int port, String keySecret, String readOnlySecret, Process process) {
        this.directory = directory;
        this.port = port;
        this.keySecret = keySecret;
        this.readOnlySecret = readOnlySecret;
        this.process = process;
    }

    /**
     * Starts named with zone {@value #ZONE} holding {@code records} (zone file lines relative to the zone, e.g.
     * {@code www 60 IN A 192.0.2.10}) and waits until it answers.
     */
    public static BindServer start(String... records) throws IOException {
        if (!Files.isExecutable(NAMED)) {
            throw new IllegalStateException(NAMED + " is missing: run .ci/install-test-tools (Debian package bind9)");
        }
        Path directory = Files.createTempDirectory("cloudroutes-bind");
        int port = freePort();
        String keySecret = randomSecret();
        String readOnlySecret = randomSecret();
        Files.writeString(
                directory.resolve(ZONE + ".zone"),
                "$TTL 60\n"
                        + "@ IN SOA ns1." + ZONE + ". hostmaster." + ZONE + ". 1 3600 600 86400 60\n"
                        + "@ IN NS ns1." + ZONE + ".\n"
                        + "ns1 IN A 127.0.0.1\n"
                        + String.join("\n", records) + "\n");
        Files.writeString(directory.resolve(BROKEN_ZONE + ".zone"), "this is not a zone file\n");
        Path conf = directory.resolve("named.conf");
        Files.writeString(
                conf,
                "options {\n"
                        + "  directory \"" + directory + "\";\n"
                        + "  pid-file \"" + directory.resolve("named.pid") + "\";\n"
                        + "  session-keyfile \"" + directory.resolve("session.key") + "\";\n"
                        + "  managed-keys-directory \"" + directory + "\";\n"
                        + "  listen-on port " + port + " { 127.0.0.1; };\n"
                        + "  listen-on-v6 { none; };\n"
                        + "  recursion no;\n"
                        + "  dnssec-validation no;\n"
                        + "  notify no;\n"
                        + "};\n"
                        + "controls { };\n"
                        + "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + keySecret + "\"; };\n"
                        + "key \"" + READ_ONLY_KEY + "\" { algorithm hmac-sha256; secret \"" + readOnlySecret
                        + "\"; };\n"
                        + "zone \"" + ZONE + "\" { type primary; file \"" + ZONE + ".zone\"; allow-update { key \""
                        + KEY_NAME + "\"; }; };\n"
                        + "zone \"" + BROKEN_ZONE + "\" { type primary; file \"" + BROKEN_ZONE
                        + ".zone\"; allow-update { "
                        + "key \"" + KEY_NAME + "\"; }; };\n");
        // -g: foreground, log to stderr, no user switch; the log goes to a file so the test can show it
        Process process = new ProcessBuilder(NAMED.toString(), "-g", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("named.log").toFile())
                .start();
        BindServer server = new BindServer(directory, port, keySecret, readOnlySecret, process);
        try {
            await("BIND answering on port " + port)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "named exited with " + process.exitValue() + ":\n" + server.log());
                        }
                        return server.answers();
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private boolean answers() {
        try {
            Message response = resolver()
                    .send(Message.newQuery(Record.newRecord(Name.fromString(ZONE + "."), Type.SOA, DClass.IN)));
            return response.getRcode() == Rcode.NOERROR
                    && !response.getSection(Section.ANSWER).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private SimpleResolver resolver() {
        SimpleResolver resolver =
                new SimpleResolver(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    /** The record data the server answers for {@code name} and {@code type} (e.g. {@code Type.A}), sorted. */
    public List<String> query(String name, int type) throws IOException {
        Message response =
                resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
        List<String> data = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record.getType() == type) {
                data.add(record.rdataToString());
            }
        }
        data.sort(Comparator.naturalOrder());
        return data;
    }

    /** The TTL the server answers for {@code name} and {@code type}, or -1 when it has no such record. */
    public long ttl(String name, int type) throws IOException {
        Message response =
                resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
        return response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type)
                .mapToLong(Record::getTTL)
                .findFirst()
                .orElse(-1);
    }

    /** host:port, as a reaction's server setting. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The base64 secret of key {@value #KEY_NAME}, which may update zone {@value #ZONE}. */
    public String keySecret() {
        return keySecret;
    }

    /** The base64 secret of key {@value #READ_ONLY_KEY}, which the server knows but lets update nothing. */
    public String readOnlySecret() {
        return readOnlySecret;
    }

    public String log() {
        try {
            return Files.readString(directory.resolve("named.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** A loopback port free for both TCP and UDP, as named listens on both. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = LoopbackPorts.next();
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // the UDP side of this port is taken: try another
            }
        }
        throw new IOException("no loopback port free for both TCP and UDP");
    }
}
