package io.cloudroutes.reactions.cloudflare;

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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes a failed site out of a Cloudflare DNS name: on FAILED it deletes the record that points at the failed site,
 * as long as another record of the name keeps answering; on HEALTHY it creates the record again.
 */
public final class CloudflareReactionType implements ReactionType {

    static final String DEFAULT_API = "https://api.cloudflare.com/client/v4";

    private static final Pattern ZONE_ID = Pattern.compile("[0-9a-f]{32}");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("apiToken", "API token", SettingType.TEXT)
                    .asRequired()
                    .asSecret()
                    .help("A Cloudflare API token with Zone / DNS / Edit permission on the zone"),
            Setting.of("zoneId", "Zone ID", SettingType.TEXT)
                    .asRequired()
                    .help("The zone's ID from its Overview page, 32 hexadecimal characters"),
            Setting.of("recordName", "Record name", SettingType.TEXT)
                    .asRequired()
                    .help("e.g. www.example.com"),
            Setting.of("recordType", "Record type", SettingType.CHOICE)
                    .options("A", "AAAA", "CNAME")
                    .withDefault("A"),
            Setting.of("failedContent", "Content of the failed site's record", SettingType.TEXT)
                    .asRequired()
                    .help("The record to remove while the monitor is FAILED, e.g. the monitored site's IP 192.0.2.10"),
            Setting.of("ttl", "TTL when re-created (seconds)", SettingType.INTEGER)
                    .range(1, 86_400)
                    .withDefault("1")
                    .help("1 means automatic; otherwise 30 to 86400"),
            Setting.of("proxied", "Proxied when re-created", SettingType.BOOLEAN)
                    .withDefault("false")
                    .help("Whether the re-created record goes through Cloudflare's proxy (orange cloud)"),
            Setting.of("apiBaseUrl", "API base URL", SettingType.URL)
                    .withDefault(DEFAULT_API)
                    .help("Leave as is unless you use a Cloudflare compatible API"));

    @Override
    public String id() {
        return "cloudflare";
    }

    @Override
    public String name() {
        return "DNS failover: Cloudflare (remove the failed site's record)";
    }

    @Override
    public String description() {
        return "Removes the failed site's record from a Cloudflare DNS name, and adds it back on recovery.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.TRAFFIC;
    }

    @Override
    public int rank() {
        return 20;
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
    public Parsed<CloudflareConfig> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, CloudflareReactionType::read);
    }

    private static CloudflareConfig read(SettingValues values) {
        String zoneId = SettingReads.matching(
                values,
                "zoneId",
                ZONE_ID,
                "Zone ID must be 32 hexadecimal characters, e.g. 023e105f4ecef8ad9ca31a8372d0c353");
        String recordName = SettingReads.recordName(values);
        String recordType = values.text("recordType");
        String failedContent = values.text("failedContent");
        if (recordType != null && failedContent != null) {
            String problem = RecordValues.problem("Content of the failed site's record", recordType, failedContent);
            if (problem != null) {
                values.reject("failedContent", problem);
            }
        }
        Long ttl = values.number("ttl");
        if (ttl != null && ttl != 1 && ttl < 30) {
            values.reject("ttl", "TTL must be 1 (automatic) or between 30 and 86400 seconds");
        }
        if (values.anyRejected()) {
            return null;
        }
        return new CloudflareConfig(
                values.text("apiToken"),
                SettingReads.baseUrl(values, "apiBaseUrl"),
                zoneId,
                RecordValues.relative(recordName).toLowerCase(Locale.ROOT),
                recordType,
                failedContent,
                Math.toIntExact(ttl),
                values.bool("proxied"));
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new CloudflareReaction(parse(settings).orThrow(), services.http());
    }
}
