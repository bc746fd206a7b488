package io.cloudroutes.checks.redis;

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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects to a Redis server and runs a read-only command (PING by default), optionally comparing its numeric reply,
 * or one INFO field, with a threshold.
 */
public final class RedisCheckType implements PolledCheckType {

    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.of("host", "Host", SettingType.HOST)
                        .asRequired()
                        .help("Host name or IP address of the server, e.g. cache.example.com"),
                Setting.of("port", "Port", SettingType.INTEGER)
                        .withDefault("6379")
                        .range(1, 65535),
                Setting.of("username", "User name", SettingType.TEXT)
                        .help("Optional ACL user (Redis 6 or later); needs a password"),
                Setting.of("password", "Password", SettingType.TEXT).asSecret().help("Optional; sent with AUTH"),
                Setting.of("database", "Database", SettingType.INTEGER)
                        .withDefault("0")
                        .range(0, Integer.MAX_VALUE)
                        .help("Database index to SELECT before the command"),
                Setting.of("tls", "TLS", SettingType.BOOLEAN)
                        .withDefault("false")
                        .help(
                                "Connect with TLS; the certificate is checked against the worker's Java trust store and the host name"),
                Setting.of("command", "Command", SettingType.TEXT)
                        .withDefault("PING")
                        .help("A read-only command, e.g. LLEN queue, GET key, DBSIZE or INFO memory"),
                Setting.of("field", "INFO field", SettingType.TEXT)
                        .help("With an INFO command: the field whose value is compared, e.g. used_memory")));
        settings.addAll(NumericThreshold.settings("the reply (or the INFO field)"));
        SETTINGS = List.copyOf(settings);
    }

    // Lettuce's event loops are threads: one set for every redis monitor of this process (per egress guard, and a
    // process has one), created on first use so that processes which only validate settings (crweb) never start them.
    private final Map<Egress, RedisClients> clients = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "redis";
    }

    @Override
    public String name() {
        return "Redis server";
    }

    @Override
    public String description() {
        return "Connects to a Redis server and runs a read-only command (PING by default), optionally with a threshold.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.DATABASES;
    }

    @Override
    public int rank() {
        return 20;
    }

    /** {@code redis://cache.example.com:6379/0} ({@code rediss://} with TLS): never the user or password. */
    @Override
    public String target(Map<String, String> settings) {
        return ("true".equals(settings.get("tls")) ? "rediss://" : "redis://")
                + Targets.hostPort(settings.get("host"), settings.getOrDefault("port", "6379")) + "/"
                + settings.getOrDefault("database", "0").trim();
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<RedisCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, read -> RedisCheck.Config.read(read, GivenValues.of(values)));
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        RedisCheck.Config config = parse(settings).orThrow();
        RedisClients shared = clients.computeIfAbsent(services.egress(), RedisClients::new);
        return new RedisCheck(shared::client, config);
    }

    @Override
    public void close() {
        clients.values().forEach(RedisClients::close);
        clients.clear();
    }
}
