package io.cloudroutes.checks.heartbeat;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.Pings;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.ShownUrl;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expects a ping from a job (cron job, backup script, batch run) on a schedule, as Healthchecks.io does: the job calls
 * its monitor's unique ping URL, and the monitor fails when no ping arrives within the schedule plus a grace time, or
 * when the job reports a failure. Pushed: no worker ever runs it; crweb receives the pings and the actioner watches
 * the deadlines (see {@link HeartbeatSchedule}).
 */
public final class HeartbeatCheckType implements PushedCheckType {

    /** The id monitors of this type are stored with. */
    public static final String ID = "heartbeat";

    static final long MAX_SECONDS = 366L * 24 * 3600;

    private static final List<Setting> SETTINGS = List.of(
            Setting.of(HeartbeatSchedule.SCHEDULE, "Schedule", SettingType.CHOICE)
                    .options(HeartbeatSchedule.PERIOD, HeartbeatSchedule.CRON)
                    .withDefault(HeartbeatSchedule.PERIOD)
                    .help("period: a ping is expected every N seconds; cron: at the times of a cron expression"),
            Setting.of(HeartbeatSchedule.PERIOD_SECONDS, "Period (seconds)", SettingType.INTEGER)
                    .withDefault("86400")
                    .range(60, MAX_SECONDS)
                    .help("With the period schedule: the time expected between two pings, e.g. 3600 for hourly"),
            Setting.of(HeartbeatSchedule.CRON_EXPRESSION, "Cron expression", SettingType.TEXT)
                    .help("With the cron schedule: 5 fields (minute hour day-of-month month day-of-week) as in "
                            + "crontab, e.g. 0 2 * * * for 02:00 every day"),
            Setting.of(HeartbeatSchedule.TIME_ZONE, "Time zone", SettingType.TEXT)
                    .withDefault("UTC")
                    .help("With the cron schedule: the IANA time zone the job's cron runs in, e.g. Europe/Berlin"),
            Setting.of(HeartbeatSchedule.GRACE_SECONDS, "Grace time (seconds)", SettingType.INTEGER)
                    .withDefault("3600")
                    .range(60, MAX_SECONDS)
                    .help("How long a ping may be late (e.g. the job's own run time) before the monitor fails"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Heartbeat (cron job ping)";
    }

    @Override
    public String description() {
        return "Expects a ping from a cron job or script on a schedule, and fails when one is late or reports failure.";
    }

    @Override
    public int rank() {
        return 10;
    }

    /** {@code a ping every 1 h, 30 min grace} or {@code a ping at 0 2 * * * (Europe/Berlin), 1 h grace}. */
    @Override
    public String target(Map<String, String> settings) {
        String grace = Targets.duration(settings.getOrDefault(HeartbeatSchedule.GRACE_SECONDS, "3600")) + " grace";
        if (HeartbeatSchedule.CRON.equals(settings.get(HeartbeatSchedule.SCHEDULE))) {
            return "a ping at "
                    + settings.getOrDefault(HeartbeatSchedule.CRON_EXPRESSION, "")
                            .trim() + " ("
                    + settings.getOrDefault(HeartbeatSchedule.TIME_ZONE, "UTC").trim() + "), " + grace;
        }
        return "a ping every " + Targets.duration(settings.getOrDefault(HeartbeatSchedule.PERIOD_SECONDS, "86400"))
                + ", " + grace;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** The job pings its monitor's URL, which holds the secret: success, failure, or its exit code. */
    @Override
    public List<PushRoute> routes() {
        return List.of(new Pings(
                List.of(
                        new ShownUrl("Ping when the job succeeded", ""),
                        new ShownUrl("Ping when it failed", "fail"),
                        new ShownUrl("Ping with the job's exit code (0 = success)", "<exit-code>")),
                HeartbeatPing::read));
    }

    /** The schedule these settings describe, read once, or the field errors that stopped it. */
    public Parsed<HeartbeatSchedule> parse(Map<String, String> values) {
        return read(values);
    }

    /** {@link #parse}, for {@link HeartbeatSchedule#from}. */
    static Parsed<HeartbeatSchedule> read(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, HeartbeatSchedule::read);
    }

    /** The errors of {@link #parse}: what is refused is exactly what has no schedule. */
    @Override
    public Map<String, String> validate(Map<String, String> values) {
        return new LinkedHashMap<>(parse(values).errors());
    }
}
