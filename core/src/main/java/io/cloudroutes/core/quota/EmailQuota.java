package io.cloudroutes.core.quota;

import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.redis.RedisKeys;
import java.time.Duration;
import java.util.Optional;

/**
 * The per-account quota of emails per hour ({@code CLOUDROUTES_QUOTA_EMAILS_PER_HOUR}), counted where emails are sent:
 * the actioners' reaction runs and crweb's test runs, together in Redis ({@link RateWindow}).
 * One email is one message, whatever its number of recipients (the recipients setting is limited in length).
 */
public final class EmailQuota {

    /** The operator's setting. */
    public static final String SETTING = "CLOUDROUTES_QUOTA_EMAILS_PER_HOUR";
    /** Emails one team may send per hour unless the operator sets otherwise; 0 is no limit. */
    public static final String DEFAULT_PER_HOUR = "100";
    /** The window the quota is counted over. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private EmailQuota() {}

    /**
     * Counts one email of the team at {@code nowMillis}: empty when it may be sent, otherwise what the run says
     * instead. Throws what the Redis client throws when Redis cannot be reached.
     */
    public static Optional<String> take(RateWindow.Windows windows, long teamId, int perHour, long nowMillis) {
        if (perHour == 0) {
            return Optional.empty();
        }
        RateWindow.Taken taken = windows.take(RedisKeys.rateWindow("emails", teamId), nowMillis, WINDOW, perHour);
        return taken.taken() ? Optional.empty() : Optional.of(refusal(perHour, taken.untilFree()));
    }

    /** What a run says when its email was not sent because the team's quota is used up. */
    static String refusal(int perHour, Duration untilFree) {
        return "Email not sent: this team's quota of emails is used up, " + perHour + " an hour (" + SETTING + "="
                + perHour + "); the next email can go in " + Durations.words(untilFree) + ". Fewer emails: give the "
                + "reaction a frequency limit; more: ask the operator to raise the quota";
    }
}
