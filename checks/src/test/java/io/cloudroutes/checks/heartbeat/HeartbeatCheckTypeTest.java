package io.cloudroutes.checks.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.core.plugin.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatCheckTypeTest {

    private final HeartbeatCheckType type = new HeartbeatCheckType();

    @Test
    void isAPushedTypeFoundThroughTheServiceLoader() {
        CheckType found = CheckType.registry().find("heartbeat").orElseThrow();
        assertThat(found.pushed()).isTrue();
        // not checked by workers: a pushed type has no checks to create
        assertThat(found).isInstanceOf(PushedCheckType.class).isNotInstanceOf(PolledCheckType.class);
    }

    @Test
    void readsItsSettingsIntoTheSchedule() {
        assertThat(type.parse(Map.of()).orThrow().describe()).isEqualTo("period 1 day + grace 1 h");
        assertThat(type.parse(Map.of(
                                "schedule",
                                "cron",
                                "cronExpression",
                                " 0  2 * * 1-5 ",
                                "timeZone",
                                "Europe/Berlin",
                                "graceSeconds",
                                "600"))
                        .orThrow()
                        .describe())
                .isEqualTo("cron '0 2 * * 1-5' Europe/Berlin + grace 10 min");
        assertThat(type.parse(Map.of("schedule", "cron")).config()).isNull();
        assertThatThrownBy(() -> HeartbeatSchedule.from(Map.of("schedule", "cron")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cronExpression");
    }

    @Test
    void acceptsNoSettingsAndFillsInADailyPeriodWithAnHourOfGrace() {
        assertThat(type.validate(Map.of())).isEmpty();
        assertThat(Settings.withDefaults(type.settings(), Map.of()))
                .containsEntry("schedule", "period")
                .containsEntry("periodSeconds", "86400")
                .containsEntry("graceSeconds", "3600")
                .containsEntry("timeZone", "UTC");
    }

    @Test
    void acceptsACronScheduleWithAZone() {
        assertThat(type.validate(Map.of(
                        "schedule",
                        "cron",
                        "cronExpression",
                        "0 2 * * 1-5",
                        "timeZone",
                        "Europe/Berlin",
                        "graceSeconds",
                        "600")))
                .isEmpty();
    }

    @Test
    void rejectsAPeriodOrGraceUnderAMinute() {
        assertThat(type.validate(Map.of("periodSeconds", "59", "graceSeconds", "10")))
                .containsEntry("periodSeconds", "Period (seconds) must be between 60 and 31622400")
                .containsEntry("graceSeconds", "Grace time (seconds) must be between 60 and 31622400");
    }

    @Test
    void aCronScheduleNeedsAnExpression() {
        assertThat(type.validate(Map.of("schedule", "cron")))
                .containsExactly(Map.entry(
                        "cronExpression",
                        "Cron expression is required with the cron schedule, e.g. 0 2 * * * for 02:00 every day"));
    }

    @Test
    void rejectsACronExpressionWithTheParsersReason() {
        assertThat(type.validate(Map.of("schedule", "cron", "cronExpression", "0 2 * *")))
                .containsExactly(Map.entry(
                        "cronExpression",
                        "Cron expression: Cron expression contains 4 parts but "
                                + "we expect one of [5]; use 5 fields: minute hour day-of-month month day-of-week, "
                                + "e.g. 0 2 * * *"));
        assertThat(type.validate(Map.of("schedule", "cron", "cronExpression", "61 * * * *"))
                        .get("cronExpression"))
                .startsWith("Cron expression: Failed to parse cron expression. Value 61 not in range [0, 59]");
    }

    @Test
    void rejectsAnUnknownTimeZone() {
        assertThat(type.validate(Map.of("schedule", "cron", "cronExpression", "0 2 * * *", "timeZone", "Mars/Olympus")))
                .containsExactly(Map.entry(
                        "timeZone",
                        "Time zone 'Mars/Olympus' is unknown; use an IANA time zone "
                                + "such as Europe/Berlin, America/New_York or UTC"));
    }
}
