package io.cloudroutes.checks.ping;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;

/** Sends ICMP echo requests (ping) to a host and checks the packet loss and, optionally, the average round trip. */
public final class PingCheckType implements PolledCheckType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("host", "Host", SettingType.HOST).asRequired().help("Host name or IP address, e.g. 192.0.2.10"),
            Setting.of("count", "Echo requests", SettingType.INTEGER)
                    .range(1, 10)
                    .withDefault("3")
                    .help("How many echo requests to send, 200 ms apart"),
            Setting.of("maxPacketLoss", "Maximum packet loss %", SettingType.INTEGER)
                    .range(0, 99)
                    .withDefault("0")
                    .help("FAILED when more of the requests go unanswered; 0 means any loss fails"),
            Setting.of("maxAverageRttMs", "Maximum average round trip (ms)", SettingType.INTEGER)
                    .range(1, 10_000)
                    .help("Optional; FAILED when the average round trip is longer"));

    private final List<String> launcher;

    public PingCheckType() {
        this(List.of("ping"));
    }

    /** Runs ping through {@code launcher} instead of the {@code ping} on the PATH; for tests. */
    PingCheckType(List<String> launcher) {
        this.launcher = List.copyOf(launcher);
    }

    @Override
    public String id() {
        return "ping";
    }

    @Override
    public String name() {
        return "Ping (ICMP echo)";
    }

    @Override
    public String description() {
        return "Sends ICMP echo requests to a host and checks the packet loss and the round trip time.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.NETWORK;
    }

    @Override
    public int rank() {
        return 50;
    }

    /** The host pinged. */
    @Override
    public String target(Map<String, String> settings) {
        return settings.getOrDefault("host", "").trim();
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<PingCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, PingCheck.Config::read);
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        PingCheck.Config config = parse(settings).orThrow();
        return new PingCheck(config, launcher, services.egress());
    }
}
