package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuorumTest {

    @Test
    void anyHealthyFailsOnlyWhenEveryVotingZoneFailed() {
        assertThat(Quorum.ANY_HEALTHY.combine(1, 2)).isEqualTo(Status.HEALTHY);
        assertThat(Quorum.ANY_HEALTHY.combine(0, 3)).isEqualTo(Status.FAILED);
    }

    @Test
    void majorityFailsOnMoreThanHalfAndATieStaysHealthy() {
        assertThat(Quorum.MAJORITY.combine(1, 2)).isEqualTo(Status.FAILED);
        assertThat(Quorum.MAJORITY.combine(1, 1)).isEqualTo(Status.HEALTHY);
        assertThat(Quorum.MAJORITY.combine(2, 1)).isEqualTo(Status.HEALTHY);
    }

    @Test
    void allHealthyFailsOnTheFirstFailedZone() {
        assertThat(Quorum.ALL_HEALTHY.combine(2, 1)).isEqualTo(Status.FAILED);
        assertThat(Quorum.ALL_HEALTHY.combine(3, 0)).isEqualTo(Status.HEALTHY);
    }

    @Test
    void noVotingZoneIsUnknown() {
        for (Quorum quorum : Quorum.values()) {
            assertThat(quorum.combine(0, 0)).isEqualTo(Status.UNKNOWN);
        }
    }
}
