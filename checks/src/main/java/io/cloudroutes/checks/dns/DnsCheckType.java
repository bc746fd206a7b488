package io.cloudroutes.checks.dns;

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

/** Asks a DNS resolver for one name and record type and, optionally, checks that expected values are among the answers. */
public final class DnsCheckType implements PolledCheckType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("name", "Name", SettingType.TEXT)
                    .asRequired()
                    .help("The domain name to look up, e.g. shop.example.com (always taken as fully qualified)"),
            Setting.of("recordType", "Record type", SettingType.CHOICE)
                    .options("A", "AAAA", "CNAME", "MX", "TXT")
                    .withDefault("A"),
            Setting.of("expected", "Expected values", SettingType.TEXTAREA)
                    .help(
                            "Optional, one per line; every one must be among the answers, e.g. 192.0.2.1 or 10 mail.example.com"),
            Setting.of("resolver", "Resolver", SettingType.TEXT)
                    .help(
                            "Optional host[:port] to ask, e.g. 1.1.1.1 or ns1.example.com:53; default: this worker's system resolver"));

    @Override
    public String id() {
        return "dns";
    }

    @Override
    public String name() {
        return "DNS record";
    }

    @Override
    public String description() {
        return "Looks a name up (A, AAAA, CNAME, MX, TXT) and checks that the expected values are among the answers.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.NETWORK;
    }

    @Override
    public int rank() {
        return 30;
    }

    /** {@code A shop.example.com @ 1.1.1.1}, or {@code @ system resolver}. */
    @Override
    public String target(Map<String, String> settings) {
        String resolver = settings.get("resolver");
        return settings.getOrDefault("recordType", "A") + " "
                + settings.getOrDefault("name", "").trim() + " @ "
                + (resolver == null || resolver.isBlank() ? "system resolver" : resolver.trim());
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<DnsCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, DnsCheck.Config::read);
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        DnsCheck.Config config = parse(settings).orThrow();
        return new DnsCheck(config, services.egress());
    }
}
