package io.cloudroutes.crweb.statuspage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.history.UptimeSummaries;
import io.cloudroutes.store.statuspage.IncidentState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a visitor of a status page sees, and what its JSON version holds: names and statuses only, never a monitor's
 * target, settings, reasons or ids.
 *
 * @param overall   the worst of the monitors' statuses, in a word ({@link Overall})
 * @param incidents open ones first, then those resolved in the last {@link PublicStatusPages#RESOLVED_SHOWN_DAYS}
 *                  days, newest first
 */
record PublicView(
        String title,
        String description,
        Overall overall,
        Instant generatedAt,
        List<GroupView> groups,
        List<IncidentView> incidents) {

    /** The page as a whole. */
    enum Overall {
        OPERATIONAL("All systems operational"),
        PARTIAL_OUTAGE("Partial outage"),
        MAJOR_OUTAGE("Major outage"),
        UNKNOWN("Status unknown");

        private final String label;

        Overall(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Overall of(List<Status> statuses) {
            long failed = statuses.stream().filter(s -> s == Status.FAILED).count();
            long healthy = statuses.stream().filter(s -> s == Status.HEALTHY).count();
            if (failed > 0) {
                return healthy == 0 ? MAJOR_OUTAGE : PARTIAL_OUTAGE;
            }
            return healthy > 0 ? OPERATIONAL : UNKNOWN;
        }
    }

    record GroupView(String name, List<MonitorView> monitors) {}

    /**
     * @param uptimePercent over the last 90 days, maintenance left out; null when nothing was known
     * @param days          oldest first
     * @param maintenanceUntil the end of the maintenance window the monitor is in now (checked, its status held); null
     *                         when none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MonitorView(String name, Status status, Double uptimePercent, List<DayView> days, Instant maintenanceUntil) {

        /** The status in visitors' words. */
        public String statusLabel() {
            return switch (status) {
                case HEALTHY -> "Operational";
                case FAILED -> "Outage";
                case UNKNOWN -> "Unknown";
            };
        }
    }

    /** @param percent null: nothing known of the day */
    record DayView(LocalDate date, Double percent) {

        /** The bar's colour class: up, degraded, down or none. */
        public String level() {
            return UptimeSummaries.level(percent == null ? OptionalDouble.empty() : OptionalDouble.of(percent / 100));
        }
    }

    record IncidentView(
            String title,
            IncidentState state,
            Instant createdAt,
            Instant updatedAt,
            Instant resolvedAt,
            List<UpdateView> updates) {}

    record UpdateView(IncidentState state, String body, Instant at) {}
}
