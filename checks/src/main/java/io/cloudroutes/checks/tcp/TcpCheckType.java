package io.cloudroutes.checks.tcp;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;

/** Opens a TCP connection to a host and port, optionally sending a request and expecting text in the reply. */
public final class TcpCheckType implements PolledCheckType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("host", "Host", SettingType.HOST)
                    .asRequired()
                    .help("Host name or IP address, e.g. db.example.com"),
            Setting.of("port", "Port", SettingType.INTEGER).asRequired().range(1, 65535),
            Setting.of("send", "Send", SettingType.TEXT)
                    .help(
                            "Optional text to send once connected; \\r, \\n, \\t, \\\\ and \\xHH are escapes, e.g. PING\\r\\n"),
            Setting.of("expect", "Expect", SettingType.TEXT)
                    .help("Optional text the reply must contain within its first 64 KiB, e.g. +PONG or SSH-2.0;"
                            + " without Send, the server's greeting is read"));

    @Override
    public String id() {
        return "tcp";
    }

    @Override
    public String name() {
        return "TCP port";
    }

    @Override
    public String description() {
        return "Opens a TCP connection to a host and port, optionally sending a request and expecting a reply.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.NETWORK;
    }

    @Override
    public int rank() {
        return 20;
    }

    /** {@code db.example.com:5432}. */
    @Override
    public String target(Map<String, String> settings) {
        return Targets.hostPort(settings.get("host"), settings.get("port"));
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<TcpCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, TcpCheck.Config::read);
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        TcpCheck.Config config = parse(settings).orThrow();
        return new TcpCheck(config, services.egress());
    }
}
