package io.cloudroutes.crweb.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dashboard: monitors per page, how often open dashboards are sent what changed, how many live streams one person
 * may hold open at once (each browser tab with the dashboard holds one), and how long a stream lasts before the
 * browser opens a new one (which checks again that its person may still see the team).
 */
@Validated
@ConfigurationProperties("cloudroutes.dashboard")
record DashboardProperties(
        @DefaultValue("50") @Min(10) @Max(500) int pageSize,
        @DefaultValue("1s") Duration tick,
        @DefaultValue("5") @Min(1) @Max(100) int streamsPerPerson,
        @DefaultValue("5m") Duration streamLifetime) {}
