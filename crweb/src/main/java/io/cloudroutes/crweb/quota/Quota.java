package io.cloudroutes.crweb.quota;

import java.util.function.ToIntFunction;

/** The things one team may have only so many of, each with its setting and how its rows are counted. */
public enum Quota {
    MONITORS(
            "monitor",
            "monitors",
            "CLOUDROUTES_QUOTA_MONITORS",
            "select count(*) from monitors where team_id = ?1",
            QuotaProperties::monitors),
    REACTIONS(
            "reaction",
            "reactions",
            "CLOUDROUTES_QUOTA_REACTIONS",
            "select count(*) from reactions where team_id = ?1",
            QuotaProperties::reactions),
    API_KEYS(
            "API key",
            "API keys",
            "CLOUDROUTES_QUOTA_API_KEYS",
            "select count(*) from api_keys where team_id = ?1 and revoked_at is null"
                    + " and (expires_at is null or expires_at > ?2)",
            QuotaProperties::apiKeys);

    private final String thing;
    private final String things;
    private final String setting;
    private final String countQuery;
    private final ToIntFunction<QuotaProperties> limit;

    Quota(String thing, String things, String setting, String countQuery, ToIntFunction<QuotaProperties> limit) {
        this.thing = thing;
        this.things = things;
        this.setting = setting;
        this.countQuery = countQuery;
        this.limit = limit;
    }

    /** {@code count} of what is counted, e.g. "1 monitor", "2 monitors". */
    public String count(long count) {
        return count + " " + (count == 1 ? thing : things);
    }

    /** The operator's setting, e.g. CLOUDROUTES_QUOTA_MONITORS. */
    public String setting() {
        return setting;
    }

    /** Counts the team's rows: {@code ?1} is the team, {@code ?2} (where used) the instant they are counted at. */
    String countQuery() {
        return countQuery;
    }

    /** Whether {@link #countQuery()} depends on the time (an API key that expired no longer counts). */
    boolean countedAtAnInstant() {
        return countQuery.contains("?2");
    }

    int limit(QuotaProperties properties) {
        return limit.applyAsInt(properties);
    }
}
