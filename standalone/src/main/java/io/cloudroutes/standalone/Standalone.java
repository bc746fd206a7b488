package io.cloudroutes.standalone;

import io.cloudroutes.broker.Broker;
import io.cloudroutes.broker.BrokerConfig;
import io.cloudroutes.control.Control;
import io.cloudroutes.control.ControlConfig;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.config.PublicUrls;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.CombinedMetrics;
import io.cloudroutes.core.ops.OpsAccess;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.worker.Worker;
import io.cloudroutes.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every CloudRoutes process in one JVM: crweb, the bridge and actioner, a broker, a control and a worker, with
 * embedded PostgreSQL and Redis unless external ones are configured. The components talk over the same loopback
 * ZeroMQ sockets, Redis keys and tables as when they run apart.
 */
public final class Standalone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Standalone.class);
    /** The port of the health and metrics endpoint unless CLOUDROUTES_OPS_PORT says otherwise. */
    static final int OPS_PORT = 9104;

    private static final String OPS_PORT_VARIABLE = "CLOUDROUTES_OPS_PORT";

    private final StartedComponents started;
    private final String databaseUrl;
    private final String redisUrl;
    private final String address;
    /** The embedded PostgreSQL's logins, null with an external database. */
    private final EmbeddedServers.Database database;

    private int webPort;
    private String publicUrl;
    /** Where health and metrics are served, or null when they are not. */
    private String opsUrl;

    private Standalone(
            StartedComponents started,
            String databaseUrl,
            String redisUrl,
            String address,
            EmbeddedServers.Database database) {
        this.started = started;
        this.databaseUrl = databaseUrl;
        this.redisUrl = redisUrl;
        this.address = address;
        this.database = database;
    }

    /**
     * Starts everything as the environment and the command line say ({@code --name=value}, see {@link CommandLine});
     * a command line that cannot be followed stops with a message and exit code 2.
     */
    public static void main(String[] args) {
        CommandLine.Parsed command;
        try {
            command = CommandLine.parse(args);
        } catch (CommandLine.Invalid e) {
            System.err.println("cloudroutes: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (command.help()) {
            System.out.print(CommandLine.usage());
            return;
        }
        command.warnings().forEach(log::warn);
        Env env = Env.system().overriddenBy(command.settings());
        StartedComponents started = new StartedComponents();
        // in place before anything starts: SIGTERM while starting stops what already runs
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "cloudroutes-shutdown"));
        Standalone standalone = start(StandaloneConfig.fromEnv(env, command.properties()), env, started);
        String url = standalone.url();
        log.info("CloudRoutes is running url={} publicUrl={}", url, standalone.publicUrl());
        System.out.println();
        System.out.println("CloudRoutes is running. Open " + url + " in your browser (Ctrl+C stops it).");
        if (StandaloneConfig.DEFAULT_ADDRESS.equals(standalone.address)) {
            System.out.println("It answers on this machine only; to open it to the network, start it with "
                    + "CLOUDROUTES_ADDRESS=0.0.0.0 (or --cloudroutes.address=0.0.0.0).");
        }
        System.out.println();
    }

    /** Starts everything, in dependency order; on failure stops what was started and rethrows. */
    public static Standalone start(StandaloneConfig config) {
        return start(config, Env.system(), new StartedComponents());
    }

    /** {@link #start(StandaloneConfig)}, with {@code env} for the settings of the broker, control and worker. */
    static Standalone start(StandaloneConfig config, Env env) {
        return start(config, env, new StartedComponents());
    }

    private static Standalone start(StandaloneConfig config, Env env, StartedComponents started) {
        String databaseUrl = config.databaseUrl();
        String redisUrl = config.redisUrl();
        EmbeddedServers.Database database = null;
        try {
            if (databaseUrl == null) {
                database = EmbeddedServers.postgres(config.dataDirectory());
                started.add(database.toString(), database);
                databaseUrl = database.url();
            }
            if (redisUrl == null) {
                KeptSecrets.ownerOnlyDirectory(config.dataDirectory());
                int redisPort = LoopbackPorts.next();
                String redisPassword = KeptSecrets.readOrCreate(
                        config.dataDirectory().resolve("redis.password"),
                        KeptSecrets::newPassword,
                        "the password of the embedded Redis");
                EmbeddedRedis redis =
                        EmbeddedServers.redis(config.dataDirectory().resolve("redis"), redisPort, redisPassword);
                started.add(redis.toString(), redis);
                redisUrl = "redis://:" + redisPassword + "@127.0.0.1:" + redisPort;
            }
            Standalone standalone = new Standalone(started, databaseUrl, redisUrl, config.address(), database);
            standalone.startProcesses(config, env);
            return standalone;
        } catch (IOException e) {
            started.close();
            throw new IllegalStateException("could not start CloudRoutes: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private void startProcesses(StandaloneConfig config, Env env) throws IOException {
        String frontend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        String backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        String results = "tcp://127.0.0.1:" + LoopbackPorts.next();

        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("spring.datasource.url", databaseUrl);
        if (database != null) {
            // crweb and crbridge use the rows as the application role; Flyway migrates as the owner
            shared.put("spring.datasource.username", database.application().username());
            shared.put("spring.datasource.password", database.application().password());
            shared.put("spring.flyway.user", database.owner().username());
            shared.put("spring.flyway.password", database.owner().password());
        } else {
            if (config.databaseUsername() != null) {
                shared.put("spring.datasource.username", config.databaseUsername());
            }
            if (config.databasePassword() != null) {
                shared.put("spring.datasource.password", config.databasePassword());
            }
        }
        shared.put("cloudroutes.redis.url", redisUrl);
        // Logging must outlive the contexts: the one shutdown hook logs each component and database as it stops them.
        shared.put("logging.register-shutdown-hook", "false");
        shared.put("cloudroutes.results.endpoint", results);
        // The egress guard of crweb's test runs and the actioner's reactions: the same allowed ranges as the worker's,
        // and every endpoint of this process that they cannot see themselves stays refused.
        shared.put("cloudroutes.broker.frontend", frontend);
        shared.put("cloudroutes.broker.backend", backend);
        putIfSet(shared, "cloudroutes.egress.allow", env.get(EgressPolicy.ALLOW_VARIABLE, null));
        putIfSet(shared, "cloudroutes.egress.deny", env.get(OwnEndpoint.DENY_VARIABLE, null));
        String secretKey = secretKey(config);
        shared.put("cloudroutes.secret-key", secretKey);
        shared.putAll(config.properties());

        // crweb first: Flyway migrates the schema, and where it serves the UI gives the address used in links.
        Map<String, String> web = new LinkedHashMap<>(shared);
        web.put("cloudroutes.zones", zones(config, env));
        web.put("server.port", String.valueOf(config.webPort()));
        web.put("server.address", config.address());
        if (EmailConfirmationDefault.turnsConfirmationOff(config.properties(), env)) {
            // the confirmation mail could not be sent: nobody who signs up could ever log in
            web.put(EmailConfirmationDefault.PROPERTY, "false");
            log.info("new accounts can log in without confirming their email address, as no SMTP server is "
                    + "configured; to require confirmation, set CLOUDROUTES_SMTP_HOST (and CLOUDROUTES_MAIL_FROM), "
                    + "or set CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION=true");
        }
        // One shutdown hook stops everything in order (processes, then the databases they use): no context hooks.
        ConfigurableApplicationContext crweb =
                CrwebApplication.builder().registerShutdownHook(false).run(arguments(web));
        started.add("crweb", crweb::close);
        webPort = ((WebServerApplicationContext) crweb).getWebServer().getPort();
        // one value for every link: the one crweb prints (CLOUDROUTES_PUBLIC_URL, or where the UI is served)
        publicUrl = crweb.getBean(PublicUrl.class).get();

        InternalPlane plane = InternalPlane.generate();
        Map<String, String> bridgeProperties = new LinkedHashMap<>(shared);
        bridgeProperties.putAll(plane.actionerProperties());
        bridgeProperties.put("cloudroutes.public-url", publicUrl);
        bridgeProperties.put("cloudroutes.ui.address", config.address());
        bridgeProperties.put("cloudroutes.ui.port", String.valueOf(webPort));
        bridgeProperties.put("cloudroutes.port", String.valueOf(webPort));
        ConfigurableApplicationContext bridge = CrbridgeApplication.builder()
                .registerShutdownHook(false)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(arguments(bridgeProperties));
        started.add("crbridge", bridge::close);

        BrokerConfig brokerDefaults = BrokerConfig.fromEnv(plane.envFor(env, plane.broker()));
        Broker broker = Broker.start(new BrokerConfig(
                frontend,
                backend,
                brokerDefaults.zoneQueueCapacity(),
                brokerDefaults.maxJobAge(),
                brokerDefaults.security()));
        started.add("broker", broker);
        WorkerConfig workerDefaults = WorkerConfig.fromEnv(plane.envFor(env, plane.worker()));
        Worker worker = Worker.start(
                new WorkerConfig(
                        backend,
                        results,
                        config.zone(),
                        workerDefaults.capacity(),
                        workerDefaults.workerId(),
                        workerDefaults.canaryUrl(),
                        secretKey,
                        workerDefaults.security(),
                        workerDefaults.resultsBuffer(),
                        workerDefaults.bodyBudgetBytes()),
                Egress.fromEnv(env, ownEndpoints(env, frontend, backend, results)));
        started.add("worker", worker);
        ControlConfig controlDefaults = ControlConfig.fromEnv(plane.envFor(env, plane.control()));
        Control control = Control.start(new ControlConfig(
                redisUrl,
                frontend,
                controlDefaults.batchSize(),
                controlDefaults.pollInterval(),
                controlDefaults.security(),
                controlDefaults.maxResultsBacklog()));
        started.add("control", control);

        serveMetrics(config, env, crweb, bridge, broker, control, worker);
    }

    /**
     * One health and Prometheus endpoint for every process of this JVM, as the distributed processes each have theirs
     * (CLOUDROUTES_OPS_PORT, default {@link #OPS_PORT}, 0 turns it off; CLOUDROUTES_OPS_ADDRESS, loopback unless
     * CLOUDROUTES_OPS_TOKEN is set): each series keeps its {@code process} label, so one dashboard serves both
     * deployments. On a port of its own, never the UI's, which may be open to the network.
     */
    private void serveMetrics(
            StandaloneConfig config,
            Env env,
            ConfigurableApplicationContext crweb,
            ConfigurableApplicationContext bridge,
            Broker broker,
            Control control,
            Worker worker) {
        Map<String, String> token = new LinkedHashMap<>();
        // --cloudroutes.ops.token reaches crweb and crbridge as a property: the same token guards this endpoint
        putIfSet(token, OpsAccess.TOKEN_VARIABLE, config.properties().get("cloudroutes.ops.token"));
        Env ops = env.overriddenBy(token);
        PrometheusMeterRegistry brokerMeters = OpsEndpoint.newProcessRegistry("cram-broker");
        broker.bindMetrics(brokerMeters);
        PrometheusMeterRegistry controlMeters = OpsEndpoint.newProcessRegistry("cram-control");
        control.bindMetrics(controlMeters);
        PrometheusMeterRegistry workerMeters = OpsEndpoint.newProcessRegistry("cram-worker");
        worker.bindMetrics(workerMeters);
        // crweb's and crbridge's own registries (process crweb and crbridge) also report the JVM
        CombinedMetrics metrics = new CombinedMetrics(List.of(
                () -> brokerMeters,
                () -> controlMeters,
                () -> workerMeters,
                () -> crweb.getBean(PrometheusMeterRegistry.class),
                () -> bridge.getBean(PrometheusMeterRegistry.class)));
        Supplier<String> health = () -> firstProblem(broker.health(), control.health(), worker.health());
        OpsEndpoint endpoint;
        try {
            endpoint = OpsEndpoint.fromEnv(ops, OPS_PORT, metrics, health);
        } catch (UncheckedIOException e) {
            if (env.get(OPS_PORT_VARIABLE, null) != null) {
                throw e;
            }
            // the default port taken (a second CloudRoutes on this machine): run without it rather than not at all
            log.warn(
                    "health and metrics not served, port {} is in use: set CLOUDROUTES_OPS_PORT to a free port "
                            + "(0 turns the endpoint off) error={}",
                    OPS_PORT,
                    e.getCause().toString());
            endpoint = null;
        }
        started.add("metrics registries", () -> {
            brokerMeters.close();
            controlMeters.close();
            workerMeters.close();
        });
        if (endpoint != null) {
            opsUrl = PublicUrls.servedAt(endpoint.address().getHostString(), endpoint.port());
            log.info("health and metrics served url={}/metrics", opsUrl);
            // stopped first: no scrape reaches a process that is stopping
            started.add("ops endpoint", endpoint);
        }
    }

    private static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * The zones monitors may name: the built-in worker's, and those the operator lists (CLOUDROUTES_ZONES, or
     * --cloudroutes.zones) for workers of their own that connect to this broker.
     */
    static String zones(StandaloneConfig config, Env env) {
        String listed = config.properties().getOrDefault("cloudroutes.zones", env.get("CLOUDROUTES_ZONES", ""));
        Set<String> zones = new LinkedHashSet<>();
        zones.add(config.zone());
        Arrays.stream(listed.split(","))
                .map(String::trim)
                .filter(zone -> !zone.isEmpty())
                .forEach(zones::add);
        return String.join(",", zones);
    }

    /**
     * What the in-process worker's egress guard refuses besides what the environment names: this process's database,
     * Redis, broker, results socket, web and ops ports, whatever the operator allows (CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8
     * opens loopback, never the embedded Redis or PostgreSQL).
     */
    private List<OwnEndpoint> ownEndpoints(Env env, String frontend, String backend, String results) {
        List<OwnEndpoint> own = new ArrayList<>();
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own PostgreSQL", databaseUrl));
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own Redis", redisUrl));
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own broker", frontend));
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own broker", backend));
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own results socket", results));
        own.add(OwnEndpoint.thisHost("CloudRoutes' own web endpoint", webPort));
        int opsPort = env.getInt(OPS_PORT_VARIABLE, OPS_PORT, 0, 65535);
        if (opsPort > 0) {
            own.add(OwnEndpoint.thisHost("CloudRoutes' own ops endpoint", opsPort));
        }
        return own;
    }

    private static void putIfSet(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put(name, value);
        }
    }

    /**
     * CLOUDROUTES_SECRET_KEY when set; otherwise the key kept in the data directory, made on first start, so that the
     * embedded default encrypts secrets without setup and still opens them after a restart.
     */
    private static String secretKey(StandaloneConfig config) throws IOException {
        String configured = config.secretKey();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return KeptSecrets.readOrCreate(
                config.dataDirectory().resolve("secret.key"),
                SecretBox::newKey,
                "the key that encrypts secret settings");
    }

    private static String[] arguments(Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return args.toArray(String[]::new);
    }

    /** Where the web UI is served, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return PublicUrls.servedAt(address, webPort);
    }

    /** The base of every link CloudRoutes prints: CLOUDROUTES_PUBLIC_URL, or {@link #url()} without it. */
    public String publicUrl() {
        return publicUrl;
    }

    public int webPort() {
        return webPort;
    }

    /** Where the health and Prometheus endpoints answer (/health, /metrics), or null when they are turned off. */
    public String opsUrl() {
        return opsUrl;
    }

    /** The JDBC URL in use (the embedded server's when none was configured). */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** The embedded PostgreSQL's logins (superuser, owner, application), or null with an external database. */
    EmbeddedServers.Database embeddedDatabase() {
        return database;
    }

    /** The Redis URL in use (the embedded server's when none was configured, with its password). */
    public String redisUrl() {
        return redisUrl;
    }

    /** Stops everything in reverse start order (the processes, then Redis and PostgreSQL); safe to call twice. */
    @Override
    public void close() {
        started.close();
    }
}
