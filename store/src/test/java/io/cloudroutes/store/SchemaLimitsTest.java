package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Limits;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.store.maintenance.MaintenanceLimits;
import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits the schema holds are those of {@link Limits}: the CHECK constraints of every migration applied, as
 * PostgreSQL has them, and the lengths of the columns the forms bound. A migration that changes one, or a change of
 * {@link Limits} without a migration, fails here rather than as a 500 on a value the form let through.
 */
class SchemaLimitsTest {

    /** {@code between min and max} as PostgreSQL keeps it: {@code CHECK (((c >= min) AND (c <= max)))}. */
    private static final Pattern RANGE =
            Pattern.compile("CHECK \\(\\(\\((\\w+) >= (-?\\d+)\\) AND \\((\\w+) <= (-?\\d+)\\)\\)\\)");

    /** {@code at most n elements} as PostgreSQL keeps it: {@code CHECK ((cardinality(c) <= n))}. */
    private static final Pattern MOST = Pattern.compile("CHECK \\(\\(cardinality\\((\\w+)\\) <= (\\d+)\\)\\)");

    static EmbeddedPostgres postgres;
    /** {@code table.column} to the {@code [min, max]} its CHECK constraint allows. */
    static final Map<String, List<Long>> ranges = new TreeMap<>();
    /** {@code table.column} to the most elements its CHECK constraint allows in that array column. */
    static final Map<String, Long> mosts = new TreeMap<>();
    /** {@code c <> d} as PostgreSQL keeps it: two columns of a row that differ, no limit (a monitor is not its parent). */
    private static final Pattern DIFFERENT = Pattern.compile("CHECK \\(\\((\\w+) <> (\\w+)\\)\\)");

    /** {@code table: c <> d} for the CHECK constraints that keep two columns of a row different. */
    static final List<String> differentColumns = new ArrayList<>();
    /** {@code c >= 0} as PostgreSQL keeps it: {@code CHECK ((c >= 0))}. */
    private static final Pattern NOT_NEGATIVE = Pattern.compile("CHECK \\(\\((\\w+) >= 0\\)\\)");
    /** {@code table.column} of the columns whose CHECK refuses a negative number, and no more. */
    static final List<String> notNegatives = new ArrayList<>();
    /** The definitions of the CHECK constraints that compare a number but are no range of one column. */
    static final List<String> otherComparisons = new ArrayList<>();
    /** {@code table.column} to its declared length, for the text columns with one. */
    static final Map<String, Integer> lengths = new TreeMap<>();

    @BeforeAll
    static void migrate() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .javaMigrations(new V8__Mustache_email_subjects())
                .load()
                .migrate();
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                Statement sql = db.createStatement()) {
            try (ResultSet checks = sql.executeQuery("select c.conrelid::regclass::text, pg_get_constraintdef(c.oid) "
                    + "from pg_constraint c join pg_namespace n on n.oid = c.connamespace "
                    + "join pg_class t on t.oid = c.conrelid "
                    // a partition repeats its table's checks: the table says them once
                    + "where c.contype = 'c' and n.nspname = current_schema() and not t.relispartition")) {
                while (checks.next()) {
                    String table = checks.getString(1);
                    String definition = checks.getString(2);
                    Matcher range = RANGE.matcher(definition);
                    Matcher most = MOST.matcher(definition);
                    Matcher different = DIFFERENT.matcher(definition);
                    Matcher notNegative = NOT_NEGATIVE.matcher(definition);
                    if (notNegative.matches()) {
                        notNegatives.add(table + "." + notNegative.group(1));
                    } else if (different.matches()) {
                        differentColumns.add(table + ": " + different.group(1) + " <> " + different.group(2));
                    } else if (most.matches()) {
                        mosts.put(table + "." + most.group(1), Long.parseLong(most.group(2)));
                    } else if (range.matches() && range.group(1).equals(range.group(3))) {
                        ranges.put(
                                table + "." + range.group(1),
                                List.of(Long.parseLong(range.group(2)), Long.parseLong(range.group(4))));
                    } else if (definition.matches(".*[<>]=?.*")) {
                        otherComparisons.add(table + ": " + definition);
                    }
                }
            }
            try (ResultSet columns = sql.executeQuery("select table_name, column_name, character_maximum_length "
                    + "from information_schema.columns "
                    + "where table_schema = current_schema() and character_maximum_length is not null")) {
                while (columns.next()) {
                    lengths.put(columns.getString(1) + "." + columns.getString(2), columns.getInt(3));
                }
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static List<Long> range(int min, int max) {
        return List.of((long) min, (long) max);
    }

    @Test
    void everyRangeTheSchemaChecksIsTheRangeOfItsLimit() {
        Map<String, List<Long>> expected = new java.util.HashMap<>(Map.of(
                "monitors.interval_seconds",
                range(Limits.IntervalSeconds.MIN, Limits.IntervalSeconds.MAX),
                "monitors.timeout_seconds",
                range(Limits.CheckTimeoutSeconds.MIN, Limits.CheckTimeoutSeconds.MAX),
                "monitors.fail_threshold",
                range(Limits.FailThreshold.MIN, Limits.FailThreshold.MAX),
                "monitors.recover_threshold",
                range(Limits.RecoverThreshold.MIN, Limits.RecoverThreshold.MAX),
                "reactions.trigger_count",
                range(Limits.TriggerCount.MIN, Limits.TriggerCount.MAX),
                "reactions.frequency_seconds",
                range(Limits.FrequencySeconds.MIN, Limits.FrequencySeconds.MAX),
                "reactions.timeout_seconds",
                range(Limits.RunTimeoutSeconds.MIN, Limits.RunTimeoutSeconds.MAX),
                "reactions.max_attempts",
                range(Limits.MaxAttempts.MIN, Limits.MaxAttempts.MAX),
                "reactions.escalation_step",
                range(Limits.EscalationStep.MIN, Limits.EscalationStep.MAX),
                "reactions.escalation_wait_seconds",
                range(Limits.EscalationWaitSeconds.MIN, Limits.EscalationWaitSeconds.MAX)));
        expected.put(
                "reactions.verify_within_seconds",
                range(Limits.VerifyWithinSeconds.MIN, Limits.VerifyWithinSeconds.MAX));
        expected.put(
                "teams.breaker_share_percent", range(Limits.BreakerSharePercent.MIN, Limits.BreakerSharePercent.MAX));
        expected.put(
                "teams.breaker_window_seconds",
                range(Limits.BreakerWindowSeconds.MIN, Limits.BreakerWindowSeconds.MAX));
        expected.put(
                "teams.breaker_disruptive_runs",
                range(Limits.BreakerDisruptiveRuns.MIN, Limits.BreakerDisruptiveRuns.MAX));
        expected.put("teams.breaker_runs_minutes", range(Limits.BreakerRunsMinutes.MIN, Limits.BreakerRunsMinutes.MAX));
        expected.put("replay_requests.days", range(Limits.ReplayDays.MIN, Limits.ReplayDays.MAX));
        // a replay's proposed reaction is held to a reaction's own limits
        expected.put("replay_requests.trigger_count", expected.get("reactions.trigger_count"));
        expected.put("replay_requests.frequency_seconds", expected.get("reactions.frequency_seconds"));
        expected.put("replay_requests.escalation_step", expected.get("reactions.escalation_step"));
        expected.put("replay_requests.escalation_wait_seconds", expected.get("reactions.escalation_wait_seconds"));
        assertThat(outside(MAINTENANCE, ranges)).isEqualTo(expected);
        assertThat(outside(MAINTENANCE, mosts)).isEqualTo(Map.of("monitors.tags", (long) Limits.Tags.MOST));
        // a comparison of another shape would escape the comparisons above
        assertThat(otherComparisons).allMatch(check -> check.startsWith(MAINTENANCE));
        assertThat(differentColumns).containsExactly("monitor_dependencies: monitor_id <> depends_on_id");
        // a check's latency is never negative, however long
        assertThat(notNegatives).containsExactly("check_results.latency_ms");
    }

    private static final String MAINTENANCE = "maintenance_windows";

    @Test
    void theMaintenanceWindowsChecksAreTheirLimits() {
        assertThat(ranges).containsEntry("maintenance_windows.duration_minutes", range(1, (int)
                MaintenanceLimits.MAX_DURATION.toMinutes()));
        assertThat(mosts).containsEntry("maintenance_windows.tags", (long) Limits.Tags.MOST);
        assertThat(lengths)
                .containsEntry("maintenance_windows.name", Limits.Name.MAX_LENGTH)
                .containsEntry("maintenance_windows.cron", MaintenanceLimits.MAX_CRON_LENGTH)
                .containsEntry("maintenance_windows.time_zone", MaintenanceLimits.MAX_TIME_ZONE_LENGTH);
    }

    private static <V> Map<String, V> outside(String table, Map<String, V> checks) {
        Map<String, V> others = new java.util.HashMap<>(checks);
        others.keySet().removeIf(key -> key.startsWith(table + "."));
        return others;
    }

    @Test
    void theColumnsHoldWhatTheLimitsLetThrough() {
        assertThat(lengths)
                .containsEntry("monitors.name", Limits.Name.MAX_LENGTH)
                .containsEntry("reactions.name", Limits.Name.MAX_LENGTH)
                .containsEntry("reaction_runs.reaction_name", Limits.Name.MAX_LENGTH)
                .containsEntry("monitors.check_type", Limits.TypeId.MAX_LENGTH)
                .containsEntry("reactions.reaction_type", Limits.TypeId.MAX_LENGTH);
        // the most zones of the longest names, between commas; and an event names one zone, a pushed one too
        assertThat(lengths.get("monitors.zones")).isGreaterThanOrEqualTo(Limits.Zones.MAX_STORED_LENGTH);
        assertThat(lengths.get("events.zone"))
                .isGreaterThanOrEqualTo(ZoneNames.MAX_LENGTH)
                .isGreaterThanOrEqualTo(ZoneNames.WEBHOOK.length())
                .isGreaterThanOrEqualTo(ZoneNames.HEARTBEAT.length());
    }
}
