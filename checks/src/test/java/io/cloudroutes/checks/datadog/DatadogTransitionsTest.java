package io.cloudroutes.checks.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.datadog.DatadogTransitions.Ignore;
import io.cloudroutes.checks.datadog.DatadogTransitions.Record;
import io.cloudroutes.checks.datadog.DatadogTransitions.Unrecognized;
import io.cloudroutes.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every $ALERT_TRANSITION value Datadog documents has a meaning; an unknown one is never an error. */
class DatadogTransitionsTest {

    @ParameterizedTest
    @CsvSource({
        "Triggered, IGNORE, FAILED",
        "Re-Triggered, IGNORE, FAILED",
        "No Data, IGNORE, FAILED",
        "Re-No Data, IGNORE, FAILED",
        "Renotify, IGNORE, FAILED",
        "Recovered, IGNORE, HEALTHY",
        "Warn, FAILED, FAILED",
        "Re-Warn, FAILED, FAILED",
        "Warn, HEALTHY, HEALTHY",
        "Re-Warn, HEALTHY, HEALTHY",
        "Warn Recovered, FAILED, HEALTHY",
        "re-no data, IGNORE, FAILED"
    })
    void documentedTransitionsRecordAStatus(String transition, String warnAs, Status expected) {
        assertThat(DatadogTransitions.of(transition, "error", warnAs)).isEqualTo(new Record(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Warn", "Re-Warn", "Warn Recovered"})
    void warningsAreIgnoredByDefault(String transition) {
        assertThat(DatadogTransitions.of(transition, "warning", "IGNORE"))
                .isEqualTo(
                        new Ignore(
                                transition
                                        + " is ignored: this monitor's setting warnAs is IGNORE, so a Datadog warning never changes its status"));
    }

    @Test
    void aRenotifyOfAWarningFollowsWarnAsAndOneOfAnAlertIsStillAFailure() {
        assertThat(DatadogTransitions.of("Renotify", "warning", "IGNORE")).isInstanceOf(Ignore.class);
        assertThat(DatadogTransitions.of("Renotify", "warning", "HEALTHY")).isEqualTo(new Record(Status.HEALTHY));
        assertThat(DatadogTransitions.of("Renotify", "error", "IGNORE")).isEqualTo(new Record(Status.FAILED));
        assertThat(DatadogTransitions.of("Renotify", null, "IGNORE")).isEqualTo(new Record(Status.FAILED));
    }

    @Test
    void nullIsNotATransitionAndChangesNothing() {
        assertThat(DatadogTransitions.of("Null", null, "FAILED")).isInstanceOf(Ignore.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Exploded", "", "Escalated", "Triggered!"})
    void anyOtherValueIsUnrecognizedNotRefused(String transition) {
        assertThat(DatadogTransitions.of(transition, null, "FAILED")).isEqualTo(new Unrecognized(transition));
    }

    @Test
    void everyKnownTransitionHasAMeaning() {
        for (String transition : DatadogTransitions.KNOWN) {
            for (String warnAs : new String[] {"IGNORE", "FAILED", "HEALTHY"}) {
                assertThat(DatadogTransitions.of(transition, "warning", warnAs)).isNotInstanceOf(Unrecognized.class);
            }
        }
    }
}
