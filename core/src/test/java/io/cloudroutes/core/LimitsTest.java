package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The messages users see for a value out of its limits, word for word as they always read. */
class LimitsTest {

    @Test
    void theMessagesNameTheLimits() {
        assertThat(Limits.Name.MESSAGE).isEqualTo("a name has at most 120 characters");
        assertThat(Limits.TypeId.CHECK_MESSAGE)
                .isEqualTo("a check type id has at most 40 characters; see /api/v1/check-types");
        assertThat(Limits.TypeId.REACTION_MESSAGE)
                .isEqualTo("a reaction type id has at most 40 characters; see /api/v1/reaction-types");
        assertThat(Limits.IntervalSeconds.message(10, 86_400))
                .isEqualTo("the interval is between 10 and 86400 seconds");
        assertThat(Limits.CheckTimeoutSeconds.MESSAGE).isEqualTo("the timeout is between 1 and 300 seconds");
        assertThat(Limits.FailThreshold.MESSAGE).isEqualTo("between 1 and 100 failures in a row");
        assertThat(Limits.RecoverThreshold.MESSAGE).isEqualTo("between 1 and 100 successes in a row");
        assertThat(Limits.Zones.MESSAGE).isEqualTo("at most 10 zones");
        assertThat(Limits.Zones.TYPED_MESSAGE).isEqualTo("at most 10 zones of at most 40 characters each");
        assertThat(Limits.AttachedReactions.MESSAGE).isEqualTo("attach at most 1000 reactions");
        assertThat(Limits.TriggerCount.MESSAGE).isEqualTo("between 1 and 1000 results");
        assertThat(Limits.FrequencySeconds.MESSAGE).isEqualTo("between 0 and 604800 seconds (one week)");
        assertThat(Limits.RunTimeoutSeconds.MESSAGE).isEqualTo("between 1 and 600 seconds");
        assertThat(Limits.MaxAttempts.MESSAGE).isEqualTo("between 1 and 10 attempts");
        assertThat(Limits.EscalationStep.MESSAGE).isEqualTo("steps are numbered 1 to 20");
        assertThat(Limits.EscalationWaitSeconds.MESSAGE).isEqualTo("between 0 and 86400 seconds (one day)");
    }

    @Test
    void aZoneNameIsAtMostItsLengthAndTheZonesOfAMonitorFitWhatIsStored() {
        assertThat(ZoneNames.valid("a".repeat(ZoneNames.MAX_LENGTH))).isTrue();
        assertThat(ZoneNames.valid("a".repeat(ZoneNames.MAX_LENGTH + 1))).isFalse();
        assertThat(ZoneNames.RULE)
                .isEqualTo("lower-case letters, digits, '-' or '.', at most 40 characters, e.g. eu-west");
        // the typed list holds the most zones of the longest names, between a comma and a space
        assertThat(Limits.Zones.MAX_TYPED_LENGTH)
                .isGreaterThanOrEqualTo(Limits.Zones.MOST * ZoneNames.MAX_LENGTH + 2 * (Limits.Zones.MOST - 1));
        assertThat(Limits.Zones.MAX_STORED_LENGTH).isEqualTo(409);
    }
}
