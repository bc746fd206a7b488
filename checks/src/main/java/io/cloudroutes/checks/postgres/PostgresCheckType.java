package io.cloudroutes.checks.postgres;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.GivenValues;
import io.cloudroutes.checks.support.NumericThreshold;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects to a PostgreSQL database and, optionally, runs a read-only query and compares its first value with a
 * threshold.
 */
public final class PostgresCheckType implements PolledCheckType {

    private static final List<Setting> SETTINGS;

    private final Set<Egress> registered = ConcurrentHashMap.newKeySet();

    static {
        List<Setting> settings = new ArrayList<>(
                List.of(
                        Setting.of("host", "Host", SettingType.HOST)
                                .asRequired()
                                .help("Host name or IP address of the server, e.g. db.example.com"),
                        Setting.of("port", "Port", SettingType.INTEGER)
                                .withDefault("5432")
                                .range(1, 65535),
                        Setting.of("database", "Database", SettingType.TEXT)
                                .asRequired()
                                .help("e.g. shop"),
                        Setting.of("user", "User", SettingType.TEXT)
                                .asRequired()
                                .help("A role that may only read, e.g. one granted pg_monitor"),
                        Setting.of("password", "Password", SettingType.TEXT).asSecret(),
                        Setting.of("sslmode", "TLS mode", SettingType.CHOICE)
                                .options("disable", "prefer", "require", "verify-full")
                                .withDefault("prefer")
                                .help(
                                        "verify-full checks the certificate against the worker's Java trust store and the host name"),
                        Setting.of("query", "Query", SettingType.TEXTAREA)
                                .help(
                                        "Optional single statement, run read-only, e.g. select count(*) from jobs where state = 'stuck'")));
        settings.addAll(NumericThreshold.settings("the first column of the first row"));
        SETTINGS = List.copyOf(settings);
    }

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public String name() {
        return "PostgreSQL database";
    }

    @Override
    public String description() {
        return "Connects to a PostgreSQL database and, optionally, compares the result of a read-only query.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.DATABASES;
    }

    @Override
    public int rank() {
        return 10;
    }

    /** {@code db.example.com:5432/shop}: server and database, never the user or password. */
    @Override
    public String target(Map<String, String> settings) {
        return Targets.hostPort(settings.get("host"), settings.getOrDefault("port", "5432")) + "/"
                + settings.getOrDefault("database", "").trim();
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<PostgresCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, read -> PostgresCheck.Config.read(read, GivenValues.of(values)));
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        PostgresCheck.Config config = parse(settings).orThrow();
        return new PostgresCheck(config, register(services.egress()));
    }

    private String register(Egress egress) {
        registered.add(egress);
        return GuardedSockets.register(egress);
    }

    @Override
    public void close() {
        registered.forEach(GuardedSockets::unregister);
        registered.clear();
    }
}
