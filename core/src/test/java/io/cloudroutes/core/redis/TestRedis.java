package io.cloudroutes.core.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis on loopback with the users a deployment has (infra/redis/users.acl.conf), each with its own password,
 * so that every process's tests run it as the Redis user it is in production.
 */
public final class TestRedis implements AutoCloseable {

    public static final String ADMIN = "cloudroutes-admin";
    public static final String CRBRIDGE = "cloudroutes-crbridge";
    public static final String CRWEB = "cloudroutes-crweb";
    public static final String CONTROL = "cloudroutes-control";
    public static final String REPLICA = "cloudroutes-replica";
    public static final String SENTINEL = "cloudroutes-sentinel";

    private static final Map<String, String> PASSWORD_VARIABLES = Map.of(
            ADMIN, "CLOUDROUTES_REDIS_ADMIN_PASSWORD",
            CRBRIDGE, "CLOUDROUTES_REDIS_CRBRIDGE_PASSWORD",
            CRWEB, "CLOUDROUTES_REDIS_CRWEB_PASSWORD",
            CONTROL, "CLOUDROUTES_REDIS_CONTROL_PASSWORD",
            REPLICA, "CLOUDROUTES_REDIS_REPLICA_PASSWORD",
            SENTINEL, "CLOUDROUTES_REDIS_SENTINEL_PASSWORD");

    private RedisServer server;
    private final int port;
    private final Map<String, String> passwords;

    private TestRedis(RedisServer server, int port, Map<String, String> passwords) {
        this.server = server;
        this.port = port;
        this.passwords = passwords;
    }

    /** Starts Redis on a free loopback port with the deployment's users and fresh passwords. */
    public static TestRedis start() {
        return start(List.of());
    }

    /**
     * The same with more redis.conf lines, e.g. {@code dir} and {@code appendonly yes} for a Redis persisting as a
     * deployment's does (the load harness's distributed set).
     */
    public static TestRedis start(List<String> settings) {
        Map<String, String> passwords = freshPasswords();
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            return new TestRedis(server(port, passwords, settings), port, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisServer server(int port, Map<String, String> passwords, List<String> settings)
            throws IOException {
        RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        for (String line : users(passwords).split("\n")) {
            if (line.startsWith("user ")) {
                builder.setting(line);
            }
        }
        settings.forEach(builder::setting);
        RedisServer server = builder.build();
        server.start();
        return server;
    }

    /**
     * Stops this Redis and starts an empty one on the same port with the same users, as a Redis without persistence
     * that was restarted (or a node replaced) would come back: every key is gone, clients reconnect to the same place.
     */
    public synchronized void restartWithoutData() {
        try {
            server.stop();
            // a directory of its own with nothing to load, and nothing saved from now on
            Path empty = Files.createTempDirectory("redis-empty");
            server = server(port, passwords, List.of("dir " + empty, "save \"\"", "appendonly no"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh password for every user. */
    static Map<String, String> freshPasswords() {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new HashMap<>();
        PASSWORD_VARIABLES.keySet().forEach(user -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            passwords.put(user, HexFormat.of().formatHex(bytes));
        });
        return Map.copyOf(passwords);
    }

    /** infra/redis/users.acl.conf with the passwords filled in, as infra/redis/render-users.sh does. */
    static String users(Map<String, String> passwords) throws IOException {
        try (InputStream in = TestRedis.class.getResourceAsStream("/infra/redis/users.acl.conf")) {
            if (in == null) {
                throw new IllegalStateException("infra/redis/users.acl.conf is not on the test class path");
            }
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> user : passwords.entrySet()) {
                template = template.replace("${" + PASSWORD_VARIABLES.get(user.getKey()) + "}", user.getValue());
            }
            return template;
        }
    }

    /** The URL a process gives as CLOUDROUTES_REDIS_URL, as {@code user}. */
    public String url(String user) {
        return "redis://" + user + ":" + passwords.get(user) + "@127.0.0.1:" + port;
    }

    /** The URL without credentials, for showing that it gets nowhere. */
    public String urlWithoutPassword() {
        return "redis://127.0.0.1:" + port;
    }

    public String password(String user) {
        return passwords.get(user);
    }

    public int port() {
        return port;
    }

    /**
     * What a Redis on loopback at {@code port} answers a client that sends {@code command} without logging in: the
     * first line of its reply, e.g. {@code -NOAUTH Authentication required.} Spoken over a plain socket, so that no
     * client library's handshake stands between the test and the server's own answer.
     */
    public static String replyWithoutLogin(int port, String command) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            BufferedReader reply =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = reply.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
