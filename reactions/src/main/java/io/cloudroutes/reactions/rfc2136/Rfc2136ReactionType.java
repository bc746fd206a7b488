package io.cloudroutes.reactions.rfc2136;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.RecordValues;
import io.cloudroutes.reactions.support.SettingReads;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fails a DNS record over on any server that takes RFC 2136 dynamic updates signed with TSIG (BIND, Knot, PowerDNS,
 * Windows DNS): on FAILED it replaces the record set with the standby values, on HEALTHY with the primary values.
 */
public final class Rfc2136ReactionType implements ReactionType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("server", "DNS server", SettingType.TEXT)
                    .asRequired()
                    .help("The primary server of the zone, host[:port], e.g. ns1.example.com or 192.0.2.53:53"),
            Setting.of("zone", "Zone", SettingType.TEXT).asRequired().help("e.g. example.com"),
            Setting.of("recordName", "Record name", SettingType.TEXT)
                    .asRequired()
                    .help("The full name inside the zone, e.g. www.example.com"),
            Setting.of("recordType", "Record type", SettingType.CHOICE)
                    .options("A", "AAAA", "CNAME", "TXT")
                    .withDefault("A"),
            Setting.of("ttl", "TTL (seconds)", SettingType.INTEGER)
                    .range(0, 2_147_483_647)
                    .withDefault("60")
                    .help("Short, so resolvers follow the failover quickly"),
            Setting.of("failoverValues", "Values while FAILED", SettingType.TEXTAREA)
                    .asRequired()
                    .help(
                            "What the record holds while the monitor is FAILED, one per line, e.g. the standby site's IPs"),
            Setting.of("primaryValues", "Values while HEALTHY", SettingType.TEXTAREA)
                    .asRequired()
                    .help("What the record holds again when the monitor is HEALTHY, one per line"),
            Setting.of("tsigKeyName", "TSIG key name", SettingType.TEXT)
                    .asRequired()
                    .help("As named in the server's configuration, e.g. cloudroutes"),
            Setting.of("tsigAlgorithm", "TSIG algorithm", SettingType.CHOICE)
                    .options("hmac-sha256", "hmac-sha512", "hmac-sha1")
                    .withDefault("hmac-sha256"),
            Setting.of("tsigSecret", "TSIG secret", SettingType.TEXT)
                    .asRequired()
                    .asSecret()
                    .help("The key's secret in base64, as in the server's configuration"),
            Setting.of("protocol", "Protocol", SettingType.CHOICE)
                    .options("tcp", "udp")
                    .withDefault("tcp"));

    @Override
    public String id() {
        return "rfc2136";
    }

    @Override
    public String name() {
        return "DNS failover: dynamic update (RFC 2136, TSIG)";
    }

    @Override
    public String description() {
        return "Fails a record over on any DNS server that takes signed dynamic updates (BIND, Knot, PowerDNS).";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.TRAFFIC;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** A DNS failover may take a service down on a false alarm, so safeguards may hold it. */
    @Override
    public boolean disruptive() {
        return true;
    }

    /** After a run it asks the DNS server for the record: verified when it answers the values the run set. */
    @Override
    public boolean verifiesRuns() {
        return true;
    }

    @Override
    public boolean restoresOnRecovery() {
        return true;
    }

    @Override
    public Parsed<Rfc2136Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, Rfc2136ReactionType::read);
    }

    private static Rfc2136Config read(SettingValues values) {
        String serverText = values.text("server");
        ServerAddress server = serverText == null ? null : ServerAddress.parse(serverText);
        if (serverText != null && server == null) {
            values.reject(
                    "server",
                    "DNS server must be host[:port], e.g. ns1.example.com, 192.0.2.53:5353 or [2001:db8::53]:53");
        }
        String zone = SettingReads.dnsName(values, "zone", "Zone must be a DNS name, e.g. example.com");
        String name = SettingReads.recordName(values);
        if (name != null && zone != null && !inside(name, zone)) {
            values.reject(
                    "recordName",
                    "Record name must be inside the zone " + RecordValues.relative(zone) + ", e.g. www."
                            + RecordValues.relative(zone));
        }
        String key = SettingReads.dnsName(
                values, "tsigKeyName", "TSIG key name must be a DNS name such as cloudroutes or cloudroutes-key.");
        String secret = values.text("tsigSecret");
        if (secret != null && !isBase64(secret)) {
            values.reject(
                    "tsigSecret",
                    "TSIG secret must be base64, as in the server's key statement (e.g. the output of tsig-keygen)");
        }
        String type = values.text("recordType");
        RecordValues.Failover failover = RecordValues.readFailover(values, type);
        if (values.anyRejected()) {
            return null;
        }
        return new Rfc2136Config(
                server,
                RecordValues.absolute(zone),
                RecordValues.absolute(name),
                type,
                values.number("ttl"),
                failover.failover(),
                failover.primary(),
                RecordValues.absolute(key),
                values.text("tsigAlgorithm"),
                secret,
                "tcp".equals(values.text("protocol")));
    }

    static boolean inside(String name, String zone) {
        String n = RecordValues.absolute(name).toLowerCase(Locale.ROOT);
        String z = RecordValues.absolute(zone).toLowerCase(Locale.ROOT);
        return n.equals(z) || n.endsWith("." + z);
    }

    private static boolean isBase64(String secret) {
        try {
            return Base64.getDecoder().decode(secret).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new Rfc2136Reaction(parse(settings).orThrow(), services.egress());
    }
}
