package io.cloudroutes.store.history;

import java.time.Duration;

/**
 * How raw check results are summed up per time bucket: the one SQL both the roll-up job and a live latency series use,
 * so a minute read from the raw results is the same figure its roll-up will hold.
 */
public final class ResultBuckets {

    /**
     * A result up to this late is in its minute's and hour's roll-up: the roll-up job recomputes this much of the
     * recent past each round. Newer than that, a series reads the raw results, which are complete at once.
     */
    public static final Duration LATE = Duration.ofMinutes(15);

    /**
     * Selects monitor id, bucket start, checks, failures, min, avg, p95 and max latency of {@code check_results}
     * grouped by monitor and bucket, leaving out abstaining results (they say nothing of the target). Parameters: the bucket length (an interval such as {@code '1 minute'}), the first
     * and the end instant ({@code checked_at >= ? and < ?}); {@code %s} is an extra condition ({@code ""} for none,
     * else starting with {@code and}).
     */
    public static final String SELECT = """
            select monitor_id, date_bin(cast(? as interval), checked_at, timestamptz '2000-01-01 00:00:00+00'),
                   count(*), count(*) filter (where status = 'FAILED'), min(latency_ms), avg(latency_ms),
                   percentile_cont(0.95) within group (order by latency_ms), max(latency_ms)
            from check_results
            where checked_at >= ? and checked_at < ? and not abstaining %s
            group by 1, 2
            """;

    private ResultBuckets() {}
}
