package io.cloudroutes.bench.load;

import io.cloudroutes.bench.ChildJvm;
import io.cloudroutes.bench.OpsHttp;
import io.cloudroutes.bench.Scrape;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.CurveKeyPair;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.store.DatabaseRoles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distributed set on this machine, every part its own process as in a deployment: PostgreSQL (with the owner and
 * application roles of infra/postgres/cloudroutes-roles.sql) and Redis (with the users of
 * infra/redis/users.acl.conf, append-only as docker-compose.yml runs it) as servers of their own, and crbridge, crweb,
 * cram-broker, cram-worker and cram-control each as its own JVM from its module's executable jar
 * ({@code <module>/target/<module>-<version>-exec.jar}, what the container images run), configured only by environment
 * variables, with fresh CURVE key pairs, passwords, secret key and ops token. Everything on 127.0.0.1.
 */
final class DistributedUnderLoad implements SystemUnderLoad {

    /**
     * One CloudRoutes process: its module (whose exec jar runs it), its heap (75 % of the memory limit of its Kubernetes
     * manifest, as the images' {@code -XX:MaxRAMPercentage=75} gives it there), its own environment and arguments, and
     * where its health and metrics answer.
     */
    private record Member(
            String module, int heapMb, Map<String, String> environment, List<String> args, URI health, URI metrics) {}

    private record Running(Member member, ChildJvm jvm) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DatabaseRoles.Login OWNER = new DatabaseRoles.Login("cloudroutes_owner", newSecret());
    private static final DatabaseRoles.Login APPLICATION = new DatabaseRoles.Login("cloudroutes_app", newSecret());

    private final List<Running> running = new ArrayList<>();
    private final Path workDirectory;
    private final String opsToken;
    private final CloudRoutesApi api;
    private EmbeddedPostgres postgres;
    private Path postgresData;
    private TestRedis redis;
    private ProcessHandle redisProcess;

    private DistributedUnderLoad(Path workDirectory, String opsToken, String webUrl) {
        this.workDirectory = workDirectory;
        this.opsToken = opsToken;
        this.api = new CloudRoutesApi(webUrl);
    }

    /**
     * Starts the databases, then crbridge (which migrates the schema) and, once it is up, the other four processes;
     * waits until every one answers its health check. Whatever started is stopped again when one fails.
     */
    static DistributedUnderLoad start(HarnessConfig config, Path workDirectory) throws IOException {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String module : List.of("crbridge", "crweb", "cram-broker", "cram-worker", "cram-control")) {
            jars.put(module, execJar(config.modulesDirectory(), module));
        }
        int webPort = LoopbackPorts.next();
        String web = "http://127.0.0.1:" + webPort;
        DistributedUnderLoad set = new DistributedUnderLoad(workDirectory, newSecret(), web);
        try {
            set.startDatabases(workDirectory.resolve("data"));
            Map<String, String> shared = set.sharedEnvironment(webPort);
            int bridgePort = LoopbackPorts.next();
            shared.put("CLOUDROUTES_BRIDGE_PORT", String.valueOf(bridgePort));
            String bridge = "http://127.0.0.1:" + bridgePort;
            set.launch(
                    jars,
                    new Member(
                            "crbridge",
                            768,
                            set.own(shared, TestPlane.ACTIONER, 0, TestRedis.CRBRIDGE),
                            List.of(),
                            URI.create(bridge + "/actuator/health"),
                            URI.create(bridge + "/actuator/prometheus")));
            set.awaitHealthy(config.startTimeout());
            Map<String, String> crwebEnv = set.own(shared, null, 0, TestRedis.CRWEB);
            // no SMTP here, and the load is on checks: the harness's account logs in without a confirmation mail
            crwebEnv.put("CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION", "false");
            set.launch(
                    jars,
                    new Member(
                            "crweb",
                            768,
                            crwebEnv,
                            List.of("--cloudroutes.monitors.min-interval-seconds=1"),
                            URI.create(web + "/actuator/health"),
                            URI.create(web + "/actuator/prometheus")));
            for (var cram : List.of(
                    Map.entry("cram-broker", TestPlane.BROKER),
                    Map.entry("cram-worker", TestPlane.WORKER),
                    Map.entry("cram-control", TestPlane.CONTROL))) {
                int opsPort = LoopbackPorts.next();
                String ops = "http://127.0.0.1:" + opsPort;
                set.launch(
                        jars,
                        new Member(
                                cram.getKey(),
                                cram.getKey().equals("cram-worker") ? 768 : 384,
                                set.own(
                                        shared,
                                        cram.getValue(),
                                        opsPort,
                                        cram.getKey().equals("cram-control") ? TestRedis.CONTROL : null),
                                List.of(),
                                URI.create(ops + "/health"),
                                URI.create(ops + "/metrics")));
            }
            set.awaitHealthy(config.startTimeout());
            return set;
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private static Path execJar(Path modulesDirectory, String module) throws IOException {
        Path target = modulesDirectory.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar.toAbsolutePath().normalize();
                }
            }
        }
        throw new IllegalStateException("no " + target.toAbsolutePath().resolve(module + "-*-exec.jar")
                + ": build the modules with ./mvnw -B -o package -pl standalone,bench -am -DskipTests from the"
                + " project's root, or name its directory with -Dbench.modules");
    }

    /**
     * PostgreSQL with durable commits (as the standalone's embedded one and a deployment's run: the builder's test
     * defaults turn fsync off) and the two roles; Redis with the deployment's users, persisting to an append-only file.
     */
    private void startDatabases(Path data) throws IOException {
        Files.createDirectories(data);
        postgresData = data.resolve("postgres");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(postgresData)
                .setCleanDataDirectory(true)
                // stopped by close(), after the processes that use it
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                        workDirectory.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                        workDirectory.resolve("postgres.log").toFile()))
                .start();
        Path redisData = Files.createDirectories(data.resolve("redis"));
        redis = TestRedis.start(List.of("dir " + redisData.toAbsolutePath(), "appendonly yes"));
        // embedded-redis runs redis-server as a child of this JVM; the harness starts no other
        redisProcess = ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").contains("redis-server"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("redis-server is not among the harness's children"));
    }

    /** What every process is given alike: the database and its roles, the secret key, the plane's and ops' places. */
    private Map<String, String> sharedEnvironment(int webPort) {
        try (Connection superuser = postgres.getPostgresDatabase().getConnection()) {
            DatabaseRoles.apply(superuser, OWNER, APPLICATION);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make the CloudRoutes roles: " + e.getMessage(), e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLOUDROUTES_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        env.put("CLOUDROUTES_DATABASE_USERNAME", APPLICATION.username());
        env.put("CLOUDROUTES_DATABASE_PASSWORD", APPLICATION.password());
        env.put("CLOUDROUTES_DATABASE_OWNER_USERNAME", OWNER.username());
        env.put("CLOUDROUTES_DATABASE_OWNER_PASSWORD", OWNER.password());
        env.put("CLOUDROUTES_SECRET_KEY", SecretBox.newKey());
        env.put("CLOUDROUTES_BROKER_FRONTEND", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_BROKER_BACKEND", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_PORT", String.valueOf(webPort));
        // crweb listens on every interface unless told otherwise; the other ports are on loopback by default
        env.put("CLOUDROUTES_ADDRESS", "127.0.0.1");
        env.put("CLOUDROUTES_PUBLIC_URL", "http://127.0.0.1:" + webPort);
        env.put("CLOUDROUTES_BRIDGE_ADDRESS", "127.0.0.1");
        env.put("CLOUDROUTES_OPS_ADDRESS", "127.0.0.1");
        // crweb serves its metrics to nobody without a token
        env.put("CLOUDROUTES_OPS_TOKEN", opsToken);
        env.put("CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8");
        env.put("CLOUDROUTES_QUOTA_MONITORS", "0");
        return env;
    }

    /**
     * The shared environment with what is a process's own: its CURVE key pair and everyone's public keys (null: it is
     * no part of the plane), its ops port (0: none) and its Redis user (null: it uses no Redis).
     */
    private Map<String, String> own(Map<String, String> shared, CurveKeyPair keys, int opsPort, String redisUser) {
        Map<String, String> own = new LinkedHashMap<>(shared);
        if (keys != null) {
            own.putAll(TestPlane.env(keys));
        }
        if (opsPort > 0) {
            own.put("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort));
        }
        if (redisUser != null) {
            own.put("CLOUDROUTES_REDIS_URL", redis.url(redisUser));
        }
        return own;
    }

    private void launch(Map<String, Path> jars, Member member) throws IOException {
        // -Dbench.jvm.<module>="..." tries other JVM options for one process (its heap included) in place of these
        List<String> options =
                new ArrayList<>(ChildJvm.jvmOptions("bench.jvm." + member.module(), "-Xmx" + member.heapMb() + "m"));
        options.add("-XX:+ExitOnOutOfMemoryError");
        List<String> launch =
                new ArrayList<>(List.of("-jar", jars.get(member.module()).toString()));
        launch.addAll(member.args());
        ChildJvm child = ChildJvm.start(
                member.module(),
                options,
                launch,
                member.environment(),
                workDirectory.resolve(member.module() + ".log"),
                Duration.ofSeconds(30));
        synchronized (running) {
            running.add(new Running(member, child));
        }
    }

    /** Waits for each process in turn; one that ended, or does not answer in time, fails with the end of its log. */
    private void awaitHealthy(Duration timeout) {
        List<Running> all;
        synchronized (running) {
            all = List.copyOf(running);
        }
        for (Running each : all) {
            each.jvm().awaitHealthy(each.member().health(), timeout);
        }
    }

    @Override
    public CloudRoutesApi api() {
        return api;
    }

    @Override
    public Scrape scrape() {
        List<Running> all;
        synchronized (running) {
            all = List.copyOf(running);
        }
        return Scrape.merged(all.stream()
                .map(each -> OpsHttp.scrape(each.member().metrics(), opsToken))
                .toList());
    }

    /** The control, broker, worker, crbridge and crweb JVMs, PostgreSQL's postmaster (with its backends) and Redis. */
    @Override
    public Map<String, ProcessHandle> measuredProcesses() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        synchronized (running) {
            for (String module : List.of("cram-control", "cram-broker", "cram-worker", "crbridge", "crweb")) {
                running.stream()
                        .filter(each -> each.member().module().equals(module))
                        .findFirst()
                        .ifPresent(each -> processes.put(module, each.jvm().handle()));
            }
        }
        processes.put("PostgreSQL", postmaster());
        processes.put("Redis", redisProcess);
        return processes;
    }

    /**
     * PostgreSQL's postmaster, the parent of its backends: pg_ctl starts it and exits, so it is no child of this JVM and
     * is found through the pid file in its data directory.
     */
    private ProcessHandle postmaster() {
        try {
            String pid = Files.readAllLines(postgresData.resolve("postmaster.pid"))
                    .getFirst()
                    .trim();
            return ProcessHandle.of(Long.parseLong(pid))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL's postmaster " + pid + " has ended"));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL runs without a pid file", e);
        }
    }

    @Override
    public String description() {
        StringBuilder text =
                new StringBuilder("distributed set, each process its own (logs in " + workDirectory + "):");
        measuredProcesses()
                .forEach((name, process) -> text.append(' ')
                        .append(name)
                        .append(" pid ")
                        .append(process.pid())
                        .append(','));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    /**
     * Stops the CloudRoutes processes, the last started first (SIGTERM, SIGKILL after 30 s), then Redis and PostgreSQL;
     * PostgreSQL's cluster is deleted with it, Redis' files by the harness with the data directory.
     */
    @Override
    public void close() {
        List<Running> all;
        synchronized (running) {
            all = List.copyOf(running);
            running.clear();
        }
        all.reversed().forEach(each -> each.jvm().close());
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop PostgreSQL", e);
            }
        }
    }

    /** 32 random bytes in hex: passwords and the ops token, safe in a URL and an environment variable. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
