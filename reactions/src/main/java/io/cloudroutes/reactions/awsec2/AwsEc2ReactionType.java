package io.cloudroutes.reactions.awsec2;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.SettingReads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Reboots an EC2 instance, or stops it and starts it again (which moves it to new hardware), through the EC2 API.
 * One-sided: it acts on every run, whatever the direction of the change, so it is meant for {@code callOn FAILED}.
 */
public final class AwsEc2ReactionType implements ReactionType {

    static final String REBOOT = "reboot";
    static final String STOP_START = "stop-start";

    private static final Pattern INSTANCE_ID = Pattern.compile("^i-([0-9a-f]{8}|[0-9a-f]{17})$");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("instanceId", "Instance ID", SettingType.TEXT)
                    .asRequired()
                    .help("The instance to act on, e.g. i-0abc123def4567890"),
            Setting.of("action", "Action", SettingType.CHOICE)
                    .options(REBOOT, STOP_START)
                    .withDefault(REBOOT)
                    .help("reboot: RebootInstances. stop-start: stop, wait until stopped, start (new host; "
                            + "for a hung instance or a scheduled host retirement)"),
            Setting.of("region", "Region", SettingType.TEXT).asRequired().help("The instance's region, e.g. eu-west-1"),
            Setting.of("accessKeyId", "Access key ID", SettingType.TEXT)
                    .asRequired()
                    .help("Of an IAM user allowed ec2:RebootInstances (or ec2:StopInstances, ec2:StartInstances "
                            + "and ec2:DescribeInstances) on this instance"),
            Setting.of("secretAccessKey", "Secret access key", SettingType.TEXT)
                    .asRequired()
                    .asSecret(),
            Setting.of("endpointOverride", "Endpoint override", SettingType.URL)
                    .help("Optional; another EC2 endpoint, e.g. a VPC endpoint. Leave empty for AWS's own"));

    private final Duration pollInterval;

    public AwsEc2ReactionType() {
        this(Duration.ofSeconds(3));
    }

    /** @param pollInterval between two DescribeInstances while waiting for an instance to stop */
    AwsEc2ReactionType(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @Override
    public String id() {
        return "aws-ec2";
    }

    @Override
    public String name() {
        return "AWS EC2 reboot / stop-start";
    }

    @Override
    public String description() {
        return "Reboots an EC2 instance, or stops and starts it on new hardware.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.SERVERS;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<Ec2Target> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, AwsEc2ReactionType::read);
    }

    private static Ec2Target read(SettingValues values) {
        String instanceId = SettingReads.matching(
                values,
                "instanceId",
                INSTANCE_ID,
                "Instance ID must be i- followed by 8 or 17 lower-case hex digits, e.g. i-0abc123def4567890");
        Region region = region(values);
        String accessKeyId = SettingReads.accessKeyId(values);
        if (values.anyRejected()) {
            return null;
        }
        return new Ec2Target(
                instanceId,
                values.text("action"),
                region,
                accessKeyId,
                values.text("secretAccessKey"),
                SettingReads.uri(values, "endpointOverride"));
    }

    private static Region region(SettingValues values) {
        String region = values.text("region");
        if (region != null && Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
            values.reject(
                    "region",
                    "Region '" + region + "' is not an AWS region; use its code, e.g. us-east-1 or eu-west-1");
            return null;
        }
        return region == null ? null : Region.of(region);
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new AwsEc2Reaction(parse(settings).orThrow(), pollInterval, services.egress());
    }

    /** A reboot may take a service down on a false alarm, so safeguards may hold it. */
    @Override
    public boolean disruptive() {
        return true;
    }
}
