package io.cloudroutes.reactions.route53;

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
import java.util.List;
import java.util.Map;

/**
 * Fails a DNS record over in Amazon Route 53: on FAILED it sets the record to the standby values, on HEALTHY back to
 * the primary values (an UPSERT of the record set each time).
 */
public final class Route53ReactionType implements ReactionType {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("accessKeyId", "Access key ID", SettingType.TEXT)
                    .asRequired()
                    .help("Of an IAM user allowed route53:ChangeResourceRecordSets on the hosted zone"),
            Setting.of("secretAccessKey", "Secret access key", SettingType.TEXT)
                    .asRequired()
                    .asSecret(),
            Setting.of("hostedZoneId", "Hosted zone ID", SettingType.TEXT)
                    .asRequired()
                    .help("e.g. Z0123456789ABCDEFGHIJ"),
            Setting.of("recordName", "Record name", SettingType.TEXT)
                    .asRequired()
                    .help("e.g. www.example.com"),
            Setting.of("recordType", "Record type", SettingType.CHOICE)
                    .options("A", "AAAA", "CNAME")
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
            Setting.of("endpointOverride", "Endpoint override", SettingType.URL)
                    .help("Optional: a Route 53 compatible API instead of https://route53.amazonaws.com"));

    @Override
    public String id() {
        return "route53";
    }

    @Override
    public String name() {
        return "DNS failover: Amazon Route 53";
    }

    @Override
    public String description() {
        return "Fails a DNS record over to standby values in Amazon Route 53, and back on recovery.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.TRAFFIC;
    }

    @Override
    public int rank() {
        return 10;
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

    @Override
    public boolean restoresOnRecovery() {
        return true;
    }

    @Override
    public Parsed<Route53Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, Route53ReactionType::read);
    }

    private static Route53Config read(SettingValues values) {
        String zone = values.text("hostedZoneId");
        if (zone != null && !HostedZone.isValid(zone)) {
            values.reject("hostedZoneId", "Hosted zone ID must look like Z0123456789ABCDEFGHIJ (letters and digits)");
        }
        String name = SettingReads.recordName(values);
        String accessKeyId = SettingReads.accessKeyId(values);
        String type = values.text("recordType");
        RecordValues.Failover failover = RecordValues.readFailover(values, type);
        if (values.anyRejected()) {
            return null;
        }
        return new Route53Config(
                accessKeyId,
                values.text("secretAccessKey"),
                HostedZone.bare(zone),
                RecordValues.absolute(name),
                type,
                values.number("ttl"),
                failover.failover(),
                failover.primary(),
                SettingReads.uri(values, "endpointOverride"));
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new Route53Reaction(parse(settings).orThrow(), services.egress());
    }
}
