package io.cloudroutes.crweb.history;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the actioners keep history, as crbridge reads it from the same settings (CLOUDROUTES_RETENTION_DAYS,
 * CLOUDROUTES_RETENTION_MINUTE_ROLLUP_DAYS, CLOUDROUTES_RETENTION_RAW_RESULTS_DAYS: how far back a replay reaches):
 * how far back a range may reach, and which roll-ups a latency series
 * can come from.
 */
@Validated
@ConfigurationProperties("cloudroutes.retention")
record HistoryRetention(
        @Min(1) @DefaultValue("400") int days,
        @Min(1) @DefaultValue("30") int minuteRollupDays,
        @Min(1) @DefaultValue("7") int rawResultsDays) {}
