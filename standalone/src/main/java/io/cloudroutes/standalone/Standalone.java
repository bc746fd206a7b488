package io.cloudroutes.standalone;

import io.cloudroutes.broker.Broker;
import io.cloudroutes.broker.BrokerConfig;
import io.cloudroutes.control.Control;
import io.cloudroutes.control.ControlConfig;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.worker.Worker;
import io.cloudroutes.worker.WorkerConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.cloudroutes.core.secret.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

/**
 * Every CloudRoutes process in one JVM: crweb, the bridge and actioner, a broker, a control and a worker, with
 * embedded PostgreSQL and Redis unless external ones are configured. The components talk over the same loopback
 * ZeroMQ sockets, Redis keys and tables as when they run apart.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String databaseUrl;
    private final String redisUrl;
    private int webPort;

    private Standalone(String databaseUrl, String redisUrl) {
        this.databaseUrl = databaseUrl;
        this.redisUrl = redisUrl;
    }

    public static void main(String[] args) {
        Standalone standalone = start(StandaloneConfig.fromEnv(Env.system()));
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "cloudroutes-shutdown"));
        String url = standalone.url();
        log.info("CloudRoutes is running url={}", url);
        System.out.println();
        System.out.println("CloudRoutes is running. Open " + url + " in your browser (Ctrl+C stops it).");
        System.out.println();
    }

    /** Starts everything, in dependency order; on failure stops what was started and rethrows. */
    public static Standalone start(StandaloneConfig config) {
        String databaseUrl = config.databaseUrl();
        String redisUrl = config.redisUrl();
        Standalone standalone = null;
        try {
            EmbeddedPostgres postgres = null;
            RedisServer redis = null;
            if (databaseUrl == null) {
                postgres = EmbeddedServers.postgres(config.dataDirectory().resolve("postgres"));
                databaseUrl = postgres.getJdbcUrl("postgres", "postgres");
            }
            if (redisUrl == null) {
                int redisPort = FreePorts.next();
                redis = EmbeddedServers.redis(config.dataDirectory().resolve("redis"), redisPort);
                redisUrl = "redis://127.0.0.1:" + redisPort;
            }
            standalone = new Standalone(databaseUrl, redisUrl);
            if (postgres != null) {
                standalone.started.push(postgres);
            }
            if (redis != null) {
                RedisServer server = redis;
                standalone.started.push(server::stop);
            }
            standalone.startProcesses(config);
            return standalone;
        } catch (IOException e) {
            closeQuietly(standalone);
            throw new IllegalStateException("could not start CloudRoutes: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(standalone);
            throw e;
        }
    }

    private void startProcesses(StandaloneConfig config) throws IOException {
        String frontend = "tcp://127.0.0.1:" + FreePorts.next();
        String backend = "tcp://127.0.0.1:" + FreePorts.next();
        String results = "tcp://127.0.0.1:" + FreePorts.next();

        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("spring.datasource.url", databaseUrl);
        if (config.databaseUrl() == null) {
            shared.put("spring.datasource.username", "postgres");
            shared.put("spring.datasource.password", "postgres");
        }
        shared.put("cloudroutes.redis.url", redisUrl);
        shared.put("cloudroutes.results.endpoint", results);
        String secretKey = secretKey(config);
        shared.put("cloudroutes.secret-key", secretKey);
        shared.putAll(config.properties());

        // crweb first: Flyway migrates the schema, and its port gives the address used in notification links.
        Map<String, String> web = new LinkedHashMap<>(shared);
        web.put("server.port", String.valueOf(config.webPort()));
        // One shutdown hook stops everything in order (processes, then the databases they use): no context hooks.
        ConfigurableApplicationContext crweb = CrwebApplication.builder()
                .registerShutdownHook(false)
                .run(arguments(web));
        started.push(crweb::close);
        webPort = ((WebServerApplicationContext) crweb).getWebServer().getPort();

        Map<String, String> bridgeProperties = new LinkedHashMap<>(shared);
        if (System.getenv("CLOUDROUTES_PUBLIC_URL") == null) {
            bridgeProperties.putIfAbsent("cloudroutes.public-url", url());
        }
        ConfigurableApplicationContext bridge = CrbridgeApplication.builder()
                .registerShutdownHook(false)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(arguments(bridgeProperties));
        started.push(bridge::close);

        Env defaults = Env.system();
        BrokerConfig brokerDefaults = BrokerConfig.fromEnv(defaults);
        Broker broker = Broker.start(new BrokerConfig(frontend, backend, brokerDefaults.queueCapacity(),
                brokerDefaults.maxJobAge()));
        started.push(broker);
        WorkerConfig workerDefaults = WorkerConfig.fromEnv(defaults);
        Worker worker = Worker.start(new WorkerConfig(backend, results, config.zone(), workerDefaults.capacity(),
                workerDefaults.workerId(), workerDefaults.canaryUrl(), secretKey));
        started.push(worker);
        ControlConfig controlDefaults = ControlConfig.fromEnv(defaults);
        Control control = Control.start(new ControlConfig(redisUrl, frontend, controlDefaults.batchSize(),
                controlDefaults.pollInterval()));
        started.push(control);
    }

    /**
     * CLOUDROUTES_SECRET_KEY when set; otherwise the key kept in the data directory, made on first start, so that the
     * embedded default encrypts secrets without setup and still opens them after a restart.
     */
    private static String secretKey(StandaloneConfig config) throws IOException {
        String configured = System.getenv(SecretBox.KEY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = config.dataDirectory().resolve("secret.key");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.getParent());
        String key = SecretBox.newKey();
        Files.writeString(file, key + "\n", StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
        log.info("generated the key that encrypts secret settings file={}; back it up with the database", file);
        return key;
    }

    private static String[] arguments(Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return args.toArray(String[]::new);
    }

    /** The address of the web UI. */
    public String url() {
        return "http://localhost:" + webPort;
    }

    public int webPort() {
        return webPort;
    }

    /** The JDBC URL in use (the embedded server's when none was configured). */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** The Redis URL in use (the embedded server's when none was configured). */
    public String redisUrl() {
        return redisUrl;
    }

    /** Stops everything in reverse start order; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("error while stopping component={} error={}", component, e.toString());
            }
        }
    }

    private static void closeQuietly(Standalone standalone) {
        if (standalone != null) {
            standalone.close();
        }
    }
}
