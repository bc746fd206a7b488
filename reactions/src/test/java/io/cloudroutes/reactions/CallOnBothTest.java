package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.CallOn;
import org.junit.jupiter.api.Test;

/** Which reaction types may run on both changes: notifications yes; types that act, or restore by themselves, no. */
class CallOnBothTest {

    private static ReactionType type(String id) {
        return ReactionType.registry().find(id).orElseThrow();
    }

    @Test
    void notificationsMayRunOnTheFailureAndOnTheRecovery() {
        for (String id : new String[] {"email", "slack", "webhook", "http-request"}) {
            assertThat(type(id).callOnProblem(CallOn.BOTH)).as(id).isNull();
            assertThat(type(id).callOns()).as(id).containsExactly(CallOn.FAILED, CallOn.HEALTHY, CallOn.BOTH);
        }
    }

    @Test
    void aTypeThatRestoresOnRecoveryIsRefusedBothAndToldThatItAlreadyActsOnTheRecovery() {
        for (ReactionType restoring : ReactionType.registry().all().stream()
                .filter(ReactionType::restoresOnRecovery)
                .toList()) {
            assertThat(restoring.callOnProblem(CallOn.BOTH))
                    .as(restoring.id())
                    .isEqualTo("BOTH is for notifications; a '" + restoring.id() + "' reaction on FAILED already "
                            + "undoes what it did when the monitor recovers, so it would act twice on the recovery: "
                            + "choose FAILED");
            assertThat(restoring.callOnProblem(CallOn.FAILED)).isNull();
        }
        assertThat(ReactionType.registry().all())
                .filteredOn(ReactionType::restoresOnRecovery)
                .extracting(ReactionType::id)
                .contains("route53", "cloudflare", "rfc2136", "haproxy", "aws-elbv2", "pagerduty");
    }

    @Test
    void aTypeThatActsTheSameWayOnEveryRunIsRefusedBoth() {
        for (String id : new String[] {"ssh-command", "aws-ec2", "digitalocean"}) {
            assertThat(type(id).callOnProblem(CallOn.BOTH))
                    .as(id)
                    .isEqualTo("BOTH is for notifications, whose "
                            + "message says which way the monitor went; a '" + id
                            + "' reaction does the same thing on every "
                            + "run: choose FAILED or HEALTHY");
            assertThat(type(id).callOnProblem(CallOn.HEALTHY)).isNull();
        }
    }
}
