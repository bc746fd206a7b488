package io.cloudroutes.crweb.quota;

import io.cloudroutes.core.quota.EmailQuota;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-account quotas the operator sets (environment: CLOUDROUTES_QUOTA_MONITORS, CLOUDROUTES_QUOTA_REACTIONS,
 * CLOUDROUTES_QUOTA_API_KEYS, CLOUDROUTES_QUOTA_TEST_RUNS_PER_MINUTE, CLOUDROUTES_QUOTA_EMAILS_PER_HOUR); 0 is no
 * limit. The defaults suit a hosted installation where anyone may sign up.
 *
 * @param monitors          monitors one team may have
 * @param reactions         reactions one team may have
 * @param apiKeys           API keys (neither revoked nor expired) one team may have
 * @param testRunsPerMinute real test runs of reactions one team may start in any minute (dry runs are free)
 * @param emailsPerHour     emails one team may send in any hour, test runs and reaction runs together
 */
@Validated
@ConfigurationProperties("cloudroutes.quota")
public record QuotaProperties(
        @Min(0) @DefaultValue("500") int monitors,
        @Min(0) @DefaultValue("200") int reactions,
        @Min(0) @DefaultValue("25") int apiKeys,
        @Min(0) @DefaultValue("10") int testRunsPerMinute,
        @Min(0) @DefaultValue(EmailQuota.DEFAULT_PER_HOUR) int emailsPerHour) {}
