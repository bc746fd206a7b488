package io.cloudroutes.reactions.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.reactions.ReactionType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElbTargetReactionTypeTest {

    private final ElbTargetReactionType type = new ElbTargetReactionType();

    private Map<String, String> valid() {
        return new HashMap<>(Map.of(
                "accessKeyId",
                "AKIAIOSFODNN7EXAMPLE",
                "secretAccessKey",
                "s3cret",
                "region",
                "eu-west-1",
                "targetGroupArn",
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
                "targetId",
                "i-0f76fade435676abd"));
    }

    @Test
    void isRegisteredRestoresOnRecoveryAndKeepsTheSecretKeySecret() {
        assertThat(ReactionType.registry().find("aws-elbv2")).get().isInstanceOf(ElbTargetReactionType.class);
        assertThat(type.restoresOnRecovery()).isTrue();
        assertThat(type.settings())
                .filteredOn(Setting::secret)
                .extracting(Setting::name)
                .containsExactly("secretAccessKey");
    }

    @Test
    void acceptsInstanceIdsIpAddressesAndArnsAsTargets() {
        assertThat(type.validate(valid())).isEmpty();
        for (String target :
                new String[] {"10.0.3.17", "2001:db8::17", "arn:aws:lambda:eu-west-1:123456789012:function:web"}) {
            Map<String, String> values = valid();
            values.put("targetId", target);
            assertThat(type.validate(values)).as(target).isEmpty();
        }
    }

    @Test
    void namesTheFieldAndTheFixForBadSettings() {
        Map<String, String> values = valid();
        values.put("accessKeyId", "my key");
        values.put("region", "Ireland");
        values.put("targetGroupArn", "web");
        values.put("targetId", "web server 1");
        values.put("port", "0");
        values.put("endpointOverride", "elb.local");

        assertThat(type.validate(values))
                .containsOnly(
                        Map.entry(
                                "accessKeyId",
                                "Access key ID must be upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE"),
                        Map.entry("region", "Region must be an AWS region code, e.g. eu-west-1"),
                        Map.entry(
                                "targetGroupArn",
                                "Target group ARN must look like "
                                        + "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"),
                        Map.entry(
                                "targetId",
                                "Target must be an instance ID (e.g. i-0123456789abcdef0), an IP address or an ARN"),
                        Map.entry("port", "Port must be between 1 and 65535"),
                        Map.entry(
                                "endpointOverride",
                                "Endpoint override must be an absolute http:// or https:// URL; did you "
                                        + "mean https://elb.local?"));
    }

    @Test
    void requiresTheCredentialsAndTheTarget() {
        assertThat(type.validate(Map.of("region", "eu-west-1")))
                .containsOnlyKeys("accessKeyId", "secretAccessKey", "targetGroupArn", "targetId");
        assertThat(type.validate(Map.of()).get("secretAccessKey")).isEqualTo("Secret access key is required");
    }
}
