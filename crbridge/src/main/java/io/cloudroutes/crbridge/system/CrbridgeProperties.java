package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.config.MailSettings;
import io.cloudroutes.core.config.PublicUrls;
import io.cloudroutes.core.config.RedisUrl;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.reactions.SmtpSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of crbridge, bound from {@code cloudroutes.*} (environment: CLOUDROUTES_REDIS_URL, CLOUDROUTES_RESULTS_ENDPOINT,
 * CLOUDROUTES_RESULTS_BIND, CLOUDROUTES_SMTP_HOST/PORT/USERNAME/PASSWORD, CLOUDROUTES_MAIL_FROM, CLOUDROUTES_PUBLIC_URL,
 * CLOUDROUTES_SECRET_KEY: opens reactions' secret settings; without it a reaction with a secret fails, saying so).
 * Validated at start. Settings other processes read too have the same names there and are checked by the same rule in
 * core: the Redis URL ({@link RedisUrl}, as crweb and cram-control), the results socket ({@link ZmqEndpoints}, as the
 * workers), the mail settings ({@link MailSettings}) and the public URL ({@link PublicUrls#check}, as crweb), the
 * secret key ({@link SecretBox}, as crweb and the workers).
 */
@Validated
@ConfigurationProperties("cloudroutes")
public record CrbridgeProperties(
        @NotNull @DefaultValue Redis redis,
        @NotNull @DefaultValue Results results,
        @NotNull @DefaultValue SmtpSettings smtp,
        @NotNull @DefaultValue MailSettings mail,
        String publicUrl,

        @NotNull @DefaultValue Ui ui,
        @NotNull @DefaultValue Bridge bridge,
        @NotNull @DefaultValue Reactions reactions,
        @NotNull @DefaultValue Quota quota,
        @NotNull @DefaultValue Retention retention,
        @NotNull @DefaultValue History history,
        @NotNull @DefaultValue Flap flap,
        @NotNull @DefaultValue Safeguards safeguards,
        String secretKey) {

    public CrbridgeProperties {
        publicUrl = PublicUrls.check(publicUrl);
        SecretBox.fromOptionalBase64(secretKey);
    }

    /**
     * How long history is kept: events, reaction runs and jobs, and their attempts older than {@code days}
     * (CLOUDROUTES_RETENTION_DAYS), and teams' audit log entries older than {@code auditDays}
     * (CLOUDROUTES_RETENTION_AUDIT_DAYS), are deleted once a day, by one actioner at a time. Check results are kept
     * raw for {@code rawResultsDays} (CLOUDROUTES_RETENTION_RAW_RESULTS_DAYS), their per-minute roll-ups for
     * {@code minuteRollupDays} (CLOUDROUTES_RETENTION_MINUTE_ROLLUP_DAYS) and their per-hour roll-ups for {@code days}.
     */
    public record Retention(
            @Min(1) @DefaultValue("400") int days,
            @Min(1) @DefaultValue("400") int auditDays,
            @Min(1) @DefaultValue("7") int rawResultsDays,
            @Min(1) @DefaultValue("30") int minuteRollupDays) {}

    /**
     * Writing check results to history: at most {@code queueCapacity} (CLOUDROUTES_HISTORY_QUEUE_CAPACITY) folded
     * results wait to be written while PostgreSQL is slow or down; beyond that they are counted and not kept.
     */
    public record History(@Min(1) @DefaultValue("100000") int queueCapacity) {}

    /**
     * Per-account quotas the actioner holds reactions to: {@code emailsPerHour} (CLOUDROUTES_QUOTA_EMAILS_PER_HOUR,
     * 0 = no limit) counts every account's emails in Redis, together with crweb's test runs.
     */
    public record Quota(
            @Min(0) @DefaultValue(EmailQuota.DEFAULT_PER_HOUR)
            int emailsPerHour) {}

    /**
     * Where crweb serves the UI, as far as crbridge can know it (CLOUDROUTES_ADDRESS and CLOUDROUTES_PORT, as crweb
     * reads them): the base of links in notifications when CLOUDROUTES_PUBLIC_URL is not set.
     */
    public record Ui(
            String address,

            @Min(
                    value = 1,
                    message = "cannot be known when crweb picks a free port (CLOUDROUTES_PORT=0): set "
                            + "CLOUDROUTES_PUBLIC_URL to the address people open crweb at")
            @Max(65535)
            @DefaultValue("8080")
            int port) {}

    /** The base of links in notifications: CLOUDROUTES_PUBLIC_URL, else where crweb serves the UI (one rule, core). */
    public String linkBase() {
        return PublicUrls.resolve(publicUrl, ui.address(), ui.port());
    }

    /**
     * Flap damping: a monitor that changes status more than {@code transitions} times (CLOUDROUTES_FLAP_TRANSITIONS)
     * within {@code window} (CLOUDROUTES_FLAP_WINDOW) is flapping until it has not changed for a whole window.
     */
    public record Flap(
            @DefaultValue("5") int transitions,
            @DefaultValue("10m") Duration window) {

        public Flap {
            if (transitions < 1 || transitions > 100) {
                throw new IllegalArgumentException(
                        "CLOUDROUTES_FLAP_TRANSITIONS must be between 1 and 100, but is " + transitions);
            }
            if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("CLOUDROUTES_FLAP_WINDOW must be at least 1s (e.g. 10m), but is "
                        + window + ": it is the span status changes are counted in");
            }
        }
    }

    /**
     * The blast-radius breaker's defaults, for every team that set no limit of its own: a trip opens when more than
     * {@code sharePercent} (CLOUDROUTES_SAFEGUARDS_SHARE_PERCENT) of a team's enabled monitors, or of all, turned
     * FAILED within {@code window} (CLOUDROUTES_SAFEGUARDS_WINDOW), at least {@code minFailed} of them
     * (CLOUDROUTES_SAFEGUARDS_MIN_FAILED, so that one failure of a small team trips nothing), and closes after a whole
     * window below; a team's
     * disruptive run beyond {@code disruptiveRuns} (CLOUDROUTES_SAFEGUARDS_DISRUPTIVE_RUNS) within {@code runsWindow}
     * (CLOUDROUTES_SAFEGUARDS_RUNS_WINDOW) is held. A disruptive run waits {@code settle}
     * (CLOUDROUTES_SAFEGUARDS_SETTLE) first, so that the breaker sees a wave of failures before its first failover.
     * CloudRoutes' own checkers look broken when every zone's canary fails, or when no worker result came for
     * {@code silence} (CLOUDROUTES_SAFEGUARDS_SILENCE). The notice of a trip over all monitors goes to {@code notifyTo}
     * (CLOUDROUTES_SAFEGUARDS_NOTIFY, comma-separated addresses; none: it is only logged).
     */
    public record Safeguards(
            @DefaultValue("30") int sharePercent,
            @DefaultValue("5m") Duration window,
            @DefaultValue("3") int minFailed,
            @DefaultValue("5") int disruptiveRuns,
            @DefaultValue("10m") Duration runsWindow,
            @DefaultValue("30s") Duration settle,
            @DefaultValue("5m") Duration silence,
            String notifyTo) {

        public Safeguards {
            if (sharePercent < 1 || sharePercent > 100) {
                throw new IllegalArgumentException("CLOUDROUTES_SAFEGUARDS_SHARE_PERCENT must be between 1 and 100, "
                        + "but is " + sharePercent + ": it is the share of monitors that may fail at once");
            }
            if (window == null
                    || window.compareTo(Duration.ofSeconds(10)) < 0
                    || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(
                        "CLOUDROUTES_SAFEGUARDS_WINDOW must be between 10s and 1d (e.g. 5m), " + "but is " + window);
            }
            if (minFailed < 1) {
                throw new IllegalArgumentException("CLOUDROUTES_SAFEGUARDS_MIN_FAILED must be at least 1, but is "
                        + minFailed + ": it is how many monitors must fail before a share can trip the breaker");
            }
            if (disruptiveRuns < 1) {
                throw new IllegalArgumentException("CLOUDROUTES_SAFEGUARDS_DISRUPTIVE_RUNS must be at least 1, but is "
                        + disruptiveRuns + ": it is how many disruptive runs a team may have within the runs window");
            }
            if (runsWindow == null
                    || runsWindow.compareTo(Duration.ofMinutes(1)) < 0
                    || runsWindow.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("CLOUDROUTES_SAFEGUARDS_RUNS_WINDOW must be between 1m and 1d "
                        + "(e.g. 10m), but is " + runsWindow);
            }
            if (settle == null || settle.isNegative() || settle.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException(
                        "CLOUDROUTES_SAFEGUARDS_SETTLE must be between 0s and 10m (e.g. 30s), " + "but is " + settle
                                + ": it is how long a disruptive run waits for the breaker to see a wave");
            }
            if (silence == null || silence.compareTo(Duration.ofSeconds(30)) < 0) {
                throw new IllegalArgumentException(
                        "CLOUDROUTES_SAFEGUARDS_SILENCE must be at least 30s (e.g. 5m), but " + "is " + silence
                                + ": it is how long no worker result may come before the checkers look broken");
            }
            notifyTo = notifyTo == null ? "" : notifyTo.trim();
            for (String address : notifyAddresses(notifyTo)) {
                if (!address.matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+")) {
                    throw new IllegalArgumentException("CLOUDROUTES_SAFEGUARDS_NOTIFY must list email addresses "
                            + "separated by commas, but '" + address + "' is not one");
                }
            }
        }

        /** Who is told of a trip over all monitors. */
        public java.util.List<String> notifyAddresses() {
            return notifyAddresses(notifyTo);
        }

        private static java.util.List<String> notifyAddresses(String notify) {
            return java.util.Arrays.stream(notify.split(","))
                    .map(String::trim)
                    .filter(a -> !a.isEmpty())
                    .toList();
        }
    }

    /** Where live state lives. */
    public record Redis(String url) {

        public Redis {
            url = RedisUrl.check(url);
        }
    }

    /**
     * The results socket: workers connect to {@code endpoint} (theirs may list every actioner, comma-separated); the
     * actioner binds {@code bind} (default: the endpoint, when it names one). Checked at start as the workers check
     * their CLOUDROUTES_RESULTS_ENDPOINT, and as a broker checks what it binds.
     */
    public record Results(String endpoint, String bind) {

        public Results {
            endpoint = endpoint == null || endpoint.isBlank() ? ZmqEndpoints.DEFAULT_RESULTS : endpoint.trim();
            ZmqEndpoints.requireList(endpoint, ZmqEndpoints.RESULTS);
            ZmqEndpoints.resultsBindAddress(bind, endpoint);
        }

        public String bindAddress() {
            return ZmqEndpoints.resultsBindAddress(bind, endpoint);
        }
    }

    /** The outbox loop and full rebuilds. */
    public record Bridge(
            @NotNull @DefaultValue("200ms") Duration pollInterval,
            @NotNull @DefaultValue("10m") Duration rebuildInterval,
            @NotNull @DefaultValue("1s") Duration lossCheckInterval) {}

    /**
     * Reaction runs: a transient failure is retried after {@code retryBackoff}, doubling each time up to a minute,
     * within the reaction's time budget. Runs are jobs in PostgreSQL: an actioner holds the one it runs for
     * {@code lease} (renewed while it runs; a dead actioner's job is claimed again once it ends) and looks for due jobs
     * every {@code pollInterval}; at shutdown it lets running reactions finish for {@code timeout} (the grace period)
     * and hands the jobs of those still running back.
     */
    public record Reactions(
            @NotNull @DefaultValue("30s") Duration timeout,
            @NotNull @DefaultValue("2s") Duration retryBackoff,
            @NotNull @DefaultValue("30s") Duration lease,
            @NotNull @DefaultValue("500ms") Duration pollInterval) {}
}
