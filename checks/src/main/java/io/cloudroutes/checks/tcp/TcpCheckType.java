package io.cloudroutes.checks.tcp;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;

/** Opens a TCP connection to a host and port. */
public final class TcpCheckType implements CheckType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("host", "Host", SettingType.HOST).asRequired().help("Host name or IP address, e.g. db.example.com"),
            Setting.of("port", "Port", SettingType.INTEGER).asRequired().range(1, 65535));

    @Override
    public String id() {
        return "tcp";
    }

    @Override
    public String name() {
        return "TCP port";
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Check create(Map<String, String> settings) {
        return new TcpCheck(settings.get("host"), Integer.parseInt(settings.get("port")));
    }
}
