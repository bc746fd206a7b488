package io.cloudroutes.core.redis;

import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Redis with Sentinel on loopback, as docs/operations.md ("Redis with Sentinel") describes it: Debian's
 * {@code redis-server} as a primary and a replica, both with the deployment's users (infra/redis/users.acl.conf), the
 * replica logged in to the primary as {@value TestRedis#REPLICA}, and three {@code redis-sentinel} processes that
 * watch them as {@value TestRedis#SENTINEL}. Every process runs from its own config file in a temporary directory and
 * is stopped by {@link #close()}.
 */
public final class SentinelRedis implements AutoCloseable {

    public static final String PRIMARY_NAME = "cloudroutes";
    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path REDIS_SENTINEL = Path.of("/usr/bin/redis-sentinel");

    private final Path directory;
    private final Map<String, String> passwords;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> sentinels = new ArrayList<>();

    /** One started process and the port it serves. */
    public record Node(int port, Process process) {}

    private SentinelRedis(Path directory, Map<String, String> passwords) {
        this.directory = directory;
        this.passwords = passwords;
    }

    /** Whether Debian's redis-server and redis-sentinel are installed (.ci/install-test-tools installs them). */
    public static boolean installed() {
        return Files.isExecutable(REDIS_SERVER) && Files.isExecutable(REDIS_SENTINEL);
    }

    /** Starts a primary, one replica and three sentinels, and returns once the sentinels agree on the primary. */
    public static SentinelRedis start() {
        SentinelRedis redis;
        try {
            redis = new SentinelRedis(Files.createTempDirectory("cloudroutes-sentinel"), TestRedis.freshPasswords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Node primary = redis.startNode("primary", null);
            redis.startNode("replica", primary.port());
            redis.awaitReplicas(primary.port(), 1);
            for (int i = 1; i <= 3; i++) {
                redis.startSentinel("sentinel" + i, primary.port());
            }
            return redis;
        } catch (RuntimeException | IOException e) {
            redis.close();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
    }

    /** The {@code redis-sentinel://} URL a process gives as CLOUDROUTES_REDIS_URL, as {@code user}. */
    public String url(String user) {
        StringBuilder url = new StringBuilder("redis-sentinel://" + user + ":" + passwords.get(user) + "@");
        for (int i = 0; i < sentinels.size(); i++) {
            url.append(i == 0 ? "" : ",")
                    .append("127.0.0.1:")
                    .append(sentinels.get(i).port());
        }
        return url.append("#").append(PRIMARY_NAME).toString();
    }

    public String password(String user) {
        return passwords.get(user);
    }

    /** The node that is the primary now, as Sentinel says. */
    public Node primary() {
        int port = Integer.parseInt(RespClient.call(
                        sentinels.getFirst().port(), null, null, "SENTINEL", "get-master-addr-by-name", PRIMARY_NAME)
                .get(1));
        return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
    }

    /** The data nodes, primary and replicas, in the order they were started. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code ROLE} of a data node: {@code master} or {@code slave}. */
    public String role(Node node) {
        return RespClient.call(node.port(), TestRedis.ADMIN, passwords.get(TestRedis.ADMIN), "ROLE")
                .getFirst();
    }

    /**
     * Waits until every replica has all that the primary wrote so far (its replication offset), so that a test can kill
     * the primary without losing the writes it is about to check for.
     */
    public void awaitReplicasCaughtUp() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            String info = String.join(
                    "\n",
                    RespClient.call(
                            primary().port(), TestRedis.ADMIN, passwords.get(TestRedis.ADMIN), "INFO", "replication"));
            long primaryOffset = -1;
            long lowestReplicaOffset = Long.MAX_VALUE;
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("master_repl_offset:")) {
                    primaryOffset = Long.parseLong(
                            line.substring("master_repl_offset:".length()).trim());
                } else if (line.startsWith("slave") && line.contains(",offset=")) {
                    String offset = line.substring(line.indexOf(",offset=") + 8);
                    lowestReplicaOffset =
                            Math.min(lowestReplicaOffset, Long.parseLong(offset.substring(0, offset.indexOf(','))));
                }
            }
            if (lowestReplicaOffset != Long.MAX_VALUE && lowestReplicaOffset >= primaryOffset) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the replicas did not catch up with the primary: " + info);
            }
            pause();
        }
    }

    /** Kills a node as a power cut would: no shutdown, no last replication. */
    public void kill(Node node) {
        node.process().destroyForcibly();
        try {
            node.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes (SIGSTOP) or thaws (SIGCONT) a node: it keeps its connections but answers nothing. */
    public void freeze(Node node, boolean frozen) {
        signal(node, frozen ? "STOP" : "CONT");
    }

    private static void signal(Node node, String signal) {
        try {
            int exit = new ProcessBuilder(
                            "kill", "-" + signal, String.valueOf(node.process().pid()))
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException(
                        "kill -" + signal + " " + node.process().pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Node startNode(String name, Integer primaryPort) throws IOException {
        int port = LoopbackPorts.next();
        Path dir = Files.createDirectories(directory.resolve(name));
        StringBuilder config = new StringBuilder()
                .append("port ")
                .append(port)
                .append("\nbind 127.0.0.1\ndir ")
                .append(dir)
                .append('\n')
                .append("save \"\"\nappendonly no\n")
                .append("masteruser ")
                .append(TestRedis.REPLICA)
                .append('\n')
                .append("masterauth ")
                .append(passwords.get(TestRedis.REPLICA))
                .append('\n');
        if (primaryPort != null) {
            config.append("replicaof 127.0.0.1 ").append(primaryPort).append('\n');
        }
        TestRedis.users(passwords)
                .lines()
                .filter(line -> line.startsWith("user "))
                .forEach(line -> config.append(line).append('\n'));
        Path file = Files.writeString(dir.resolve("redis.conf"), config);
        Node node = new Node(port, launch(REDIS_SERVER, file, dir));
        nodes.add(node);
        awaitAnswer(node, TestRedis.ADMIN, passwords.get(TestRedis.ADMIN));
        return node;
    }

    private void startSentinel(String name, int primaryPort) throws IOException {
        int port = LoopbackPorts.next();
        Path dir = Files.createDirectories(directory.resolve(name));
        String config = "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
                + "sentinel monitor " + PRIMARY_NAME + " 127.0.0.1 " + primaryPort + " 2\n"
                + "sentinel auth-user " + PRIMARY_NAME + " " + TestRedis.SENTINEL + "\n"
                + "sentinel auth-pass " + PRIMARY_NAME + " " + passwords.get(TestRedis.SENTINEL) + "\n"
                // a dead primary is noticed within a second, so that a failover fits in the 15 s users allow
                + "sentinel down-after-milliseconds " + PRIMARY_NAME + " 1000\n"
                + "sentinel failover-timeout " + PRIMARY_NAME + " 10000\n";
        // Sentinel rewrites its config file, so it must be writable
        Path file = Files.writeString(dir.resolve("sentinel.conf"), config);
        Node sentinel = new Node(port, launch(REDIS_SENTINEL, file, dir));
        sentinels.add(sentinel);
        awaitAnswer(sentinel, null, null);
    }

    private static Process launch(Path program, Path config, Path dir) throws IOException {
        return new ProcessBuilder(program.toString(), config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
    }

    private static void awaitAnswer(Node node, String user, String password) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                RespClient.call(node.port(), user, password, "PING");
                return;
            } catch (RuntimeException e) {
                if (!node.process().isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Redis on port " + node.port() + " did not start", e);
                }
                pause();
            }
        }
    }

    /**
     * Until {@code replicas} replicas are online: connected and through their first full copy of the data. Connected
     * alone is not enough: a replica still copying acknowledges no write, and a WAIT for it times out.
     */
    private void awaitReplicas(int port, int replicas) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            List<String> info =
                    RespClient.call(port, TestRedis.ADMIN, passwords.get(TestRedis.ADMIN), "INFO", "replication");
            long online = String.join("\n", info)
                    .lines()
                    .filter(line -> line.startsWith("slave") && line.contains(",state=online,"))
                    .count();
            if (online >= replicas) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the replica did not come online at the primary: " + info);
            }
            pause();
        }
    }

    /** Polls a process that is starting; there is nothing to wait on but its port. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Stream.concat(sentinels.stream(), nodes.stream())
                .filter(node -> node.process().isAlive())
                .forEach(this::kill);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A few commands spoken in RESP over a plain socket: no client library between the fixture and Redis. */
    private static final class RespClient {

        static List<String> call(int port, String user, String password, String... command) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                var out = socket.getOutputStream();
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                if (user != null) {
                    write(out, "AUTH", user, password);
                    read(in);
                }
                write(out, command);
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void write(java.io.OutputStream out, String... parts) throws IOException {
            StringBuilder text = new StringBuilder("*").append(parts.length).append("\r\n");
            for (String part : parts) {
                text.append('$')
                        .append(part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        }

        private static List<String> read(java.io.BufferedInputStream in) throws IOException {
            String line = line(in);
            char type = line.charAt(0);
            String rest = line.substring(1);
            return switch (type) {
                case '+', ':' -> List.of(rest);
                case '-' -> throw new IllegalStateException(rest);
                case '$' -> {
                    int length = Integer.parseInt(rest);
                    if (length < 0) {
                        yield List.of();
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    yield List.of(new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8));
                }
                case '*' -> {
                    List<String> items = new ArrayList<>();
                    for (int i = Integer.parseInt(rest); i > 0; i--) {
                        List<String> item = read(in);
                        items.add(item.isEmpty() ? null : item.getFirst());
                    }
                    yield items;
                }
                default -> throw new IllegalStateException("unexpected reply " + line);
            };
        }

        private static String line(java.io.BufferedInputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }
    }
}
