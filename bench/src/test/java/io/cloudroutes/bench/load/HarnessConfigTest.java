package io.cloudroutes.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The harness's settings as a user gives them: the checks' interval, and how many monitors a step then has. */
class HarnessConfigTest {

    @Test
    void withoutAnIntervalEachMonitorIsCheckedEverySecondSoAStepHasOneMonitorPerCheckPerSecond() {
        HarnessConfig config = HarnessConfig.from(properties("bench.steps", "200,500"));

        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.monitorsFor(500)).isEqualTo(500);
    }

    @Test
    void anIntervalOfTenSecondsGivesTenMonitorsPerCheckPerSecond() {
        HarnessConfig config = HarnessConfig.from(properties("bench.steps", "1000", "bench.interval", " 10 "));

        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.monitorsFor(1_000)).isEqualTo(10_000);
    }

    @Test
    void anHourIsTheLongestInterval() {
        assertThat(HarnessConfig.from(properties("bench.interval", "3600")).interval())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anIntervalOutsideOneToThreeThousandSixHundredSecondsIsRefusedWithWhatIsExpected() {
        for (String refused : new String[] {"0", "-5", "3601", "1.5", "10s", ""}) {
            assertThatThrownBy(() -> HarnessConfig.from(properties("bench.interval", refused)))
                    .as("bench.interval=%s", refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bench.interval: seconds between a monitor's checks, a whole number from 1 to 3600, "
                            + "not " + refused);
        }
    }

    @Test
    void moreMonitorsThanTheHarnessCountsAreRefused() {
        assertThatThrownBy(() -> HarnessConfig.from(properties("bench.steps", "1000000", "bench.interval", "3600")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench.interval 3600 with bench.steps up to 1000000");
    }

    @Test
    void aDurationThatIsNotAWholeNumberIsRefusedRatherThanReplacedByTheDefault() {
        assertThatThrownBy(() -> HarnessConfig.from(properties("bench.duration", "20s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.duration: a whole number, not 20s");
    }

    private static Properties properties(String... namesAndValues) {
        Properties properties = new Properties();
        for (int n = 0; n < namesAndValues.length; n += 2) {
            properties.setProperty(namesAndValues[n], namesAndValues[n + 1]);
        }
        return properties;
    }
}
