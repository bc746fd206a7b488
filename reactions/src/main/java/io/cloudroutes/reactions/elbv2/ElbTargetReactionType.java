package io.cloudroutes.reactions.elbv2;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deregisters a target from an AWS Elastic Load Balancing v2 target group (ALB, NLB, GWLB) when its monitor fails and
 * registers it again when the monitor recovers.
 */
public final class ElbTargetReactionType implements ReactionType {

    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile(
            "^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]+/[0-9a-f]+$");
    private static final Pattern TARGET_ID = Pattern.compile(
            "^(i-[0-9a-f]{8,17}|[0-9.]{7,15}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*|arn:aws[a-z-]*:[a-z0-9-]+:[^\\s]+)$");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("accessKeyId", "Access key ID", SettingType.TEXT)
                    .asRequired()
                    .help("Of an IAM user or role allowed elasticloadbalancing:DeregisterTargets, RegisterTargets "
                            + "and DescribeTargetHealth on the target group"),
            Setting.of("secretAccessKey", "Secret access key", SettingType.TEXT)
                    .asRequired()
                    .asSecret(),
            Setting.of("region", "Region", SettingType.TEXT)
                    .asRequired()
                    .withDefault("us-east-1")
                    .help("The target group's region, e.g. eu-west-1"),
            Setting.of("targetGroupArn", "Target group ARN", SettingType.TEXT)
                    .asRequired()
                    .help("e.g. arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"),
            Setting.of("targetId", "Target", SettingType.TEXT)
                    .asRequired()
                    .help("The instance ID (i-0123456789abcdef0), IP address or Lambda/ALB ARN the monitor watches"),
            Setting.of("port", "Port", SettingType.INTEGER)
                    .range(1, 65535)
                    .help("Optional: the port the target is registered on; empty uses the target group's port"),
            Setting.of("endpointOverride", "Endpoint override", SettingType.URL)
                    .help("Optional: another Elastic Load Balancing endpoint, e.g. a VPC endpoint or a test server"));

    @Override
    public String id() {
        return "aws-elbv2";
    }

    @Override
    public String name() {
        return "AWS load balancer: deregister a target";
    }

    @Override
    public String description() {
        return "Deregisters a target from an AWS load balancer target group, and registers it again on recovery.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.TRAFFIC;
    }

    @Override
    public int rank() {
        return 50;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** A drain may take a service down on a false alarm, so safeguards may hold it. */
    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public boolean restoresOnRecovery() {
        return true;
    }

    @Override
    public Parsed<ElbTarget> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, ElbTargetReactionType::read);
    }

    private static ElbTarget read(SettingValues values) {
        String accessKeyId = SettingReads.accessKeyId(values);
        String region =
                SettingReads.matching(values, "region", REGION, "Region must be an AWS region code, e.g. eu-west-1");
        String targetGroupArn = SettingReads.matching(
                values,
                "targetGroupArn",
                TARGET_GROUP_ARN,
                "Target group ARN must look like "
                        + "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067");
        String targetId = SettingReads.matching(
                values,
                "targetId",
                TARGET_ID,
                "Target must be an instance ID (e.g. i-0123456789abcdef0), an IP address or an ARN");
        if (values.anyRejected()) {
            return null;
        }
        Long port = values.number("port");
        return new ElbTarget(
                accessKeyId,
                values.text("secretAccessKey"),
                region,
                SettingReads.uri(values, "endpointOverride"),
                targetGroupArn,
                targetId,
                port == null ? null : Math.toIntExact(port));
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new ElbTargetReaction(parse(settings).orThrow(), services.egress());
    }
}
