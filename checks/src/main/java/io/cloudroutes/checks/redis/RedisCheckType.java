package io.cloudroutes.checks.redis;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.support.NumericThreshold;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects to a Redis server and runs a read-only command (PING by default), optionally comparing its numeric reply,
 * or one INFO field, with a threshold.
 */
public final class RedisCheckType implements CheckType {

    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.of("host", "Host", SettingType.HOST).asRequired()
                        .help("Host name or IP address of the server, e.g. cache.example.com"),
                Setting.of("port", "Port", SettingType.INTEGER).withDefault("6379").range(1, 65535),
                Setting.of("username", "User name", SettingType.TEXT)
                        .help("Optional ACL user (Redis 6 or later); needs a password"),
                Setting.of("password", "Password", SettingType.TEXT).asSecret()
                        .help("Optional; sent with AUTH"),
                Setting.of("database", "Database", SettingType.INTEGER).withDefault("0").range(0, Integer.MAX_VALUE)
                        .help("Database index to SELECT before the command"),
                Setting.of("tls", "TLS", SettingType.BOOLEAN).withDefault("false")
                        .help("Connect with TLS; the certificate is checked against the worker's Java trust store and the host name"),
                Setting.of("command", "Command", SettingType.TEXT).withDefault("PING")
                        .help("A read-only command, e.g. LLEN queue, GET key, DBSIZE or INFO memory"),
                Setting.of("field", "INFO field", SettingType.TEXT)
                        .help("With an INFO command: the field whose value is compared, e.g. used_memory")));
        settings.addAll(NumericThreshold.settings("the reply (or the INFO field)"));
        SETTINGS = List.copyOf(settings);
    }

    // Lettuce's event loops are threads: one set for every redis monitor of this process, created on first use so
    // that processes which only validate settings (crweb) never start them. Clients share them and differ only in
    // their connect timeout, which Lettuce sets per client, not per connection.
    private volatile ClientResources resources;
    private final Map<Long, RedisClient> clients = new ConcurrentHashMap<>();

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
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String command = given(values, "command");
        RedisCommand parsed = null;
        if (command != null && !errors.containsKey("command")) {
            try {
                parsed = RedisCommand.parse(command);
            } catch (IllegalArgumentException e) {
                errors.put("command", "Command " + e.getMessage());
            }
        }
        String field = given(values, "field");
        if (field != null) {
            if (field.contains(":") || field.chars().anyMatch(Character::isWhitespace)) {
                errors.put("field", "INFO field must be one field name without spaces or colons, e.g. used_memory");
            } else if (command == null) {
                errors.put("field", "INFO field needs an INFO command, e.g. INFO memory");
            } else if (parsed != null && !parsed.isInfo()) {
                errors.put("field", "INFO field only applies to an INFO command, e.g. INFO memory");
            }
        } else if (parsed != null && parsed.isInfo()
                && (given(values, "operator") != null || given(values, "value") != null)) {
            errors.put("field", "INFO field is required to compare an INFO reply with a threshold, e.g. used_memory");
        }
        if (given(values, "username") != null && given(values, "password") == null) {
            errors.put("password", "Password is required when a user name is given");
        }
        NumericThreshold.validate(values, errors, "command", "Command", "LLEN queue");
        return errors;
    }

    @Override
    public Check create(Map<String, String> settings) {
        return new RedisCheck(this::client, RedisCheck.Config.from(settings));
    }

    /** The shared client whose connect timeout is {@code timeout}, rounded up to whole seconds. */
    RedisClient client(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return clients.computeIfAbsent(seconds, s -> {
            RedisClient client = RedisClient.create(resources());
            client.setOptions(ClientOptions.builder()
                    // One connection per run, closed after: a lost connection is a result, never retried.
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    // RESP2 needs no HELLO, so even servers older than Redis 6 answer the first command.
                    .protocolVersion(ProtocolVersion.RESP2)
                    // Nothing is sent while connecting: AUTH, SELECT and the command are sent by the run, so each
                    // failure or silence is reported for the step it happened in.
                    .pingBeforeActivateConnection(false)
                    // Maintenance notifications move long-lived connections during failovers; a run's connection
                    // lives for one command, and the CLIENT command that enables them would be sent while connecting.
                    .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                    // The run enforces its own deadline on every reply.
                    .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                    .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(s)).build())
                    .build());
            return client;
        });
    }

    private ClientResources resources() {
        ClientResources current = resources;
        if (current == null) {
            synchronized (this) {
                current = resources;
                if (current == null) {
                    // A monitor's commands are tiny: two I/O threads serve thousands of connections.
                    current = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
                    resources = current;
                }
            }
        }
        return current;
    }

    private static String given(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
