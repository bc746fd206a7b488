package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One owner's transitions across all their monitors, read in plain SQL: the last change of each monitor, and the log
 * newest first from a position. (As HQL these queries cost crweb more heap at start than its smallest supported heap
 * has room for, since Spring Data parses every repository query up front.)
 */
@Component
class EventLog {

    /** A recorded transition, with the name of its monitor. */
    record Entry(
            long id,
            long monitorId,
            String monitorName,
            Status from,
            Status to,
            String reason,
            String zone,
            Instant occurredAt) {}

    /** A place in the log: the events before it are older, or as old with a smaller id. */
    record Position(Instant occurredAt, long id) {
        static final Position END = new Position(Instant.parse("9999-12-31T23:59:59Z"), Long.MAX_VALUE);
    }

    private static final String COLUMNS = "e.id, e.monitor_id, m.name, e.from_status, e.to_status, e.reason, e.zone, "
            + "e.occurred_at from events e join monitors m on m.id = e.monitor_id ";

    private final JdbcTemplate jdbc;

    EventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The last transition of each of the owner's monitors that has one. */
    List<Entry> lastOfEachMonitor(long teamId) {
        return jdbc.query(
                "select distinct on (e.monitor_id) " + COLUMNS + "where m.team_id = ? "
                        + "order by e.monitor_id, e.occurred_at desc, e.id desc",
                EventLog::entry,
                teamId);
    }

    /** The owner's events at or after {@code since} that come before {@code before}, newest first, at most {@code limit}. */
    List<Entry> page(long teamId, Instant since, Position before, int limit) {
        return jdbc.query(
                "select " + COLUMNS + "where m.team_id = ? and e.occurred_at >= ? "
                        + "and (e.occurred_at, e.id) < (?, ?) order by e.occurred_at desc, e.id desc limit ?",
                EventLog::entry,
                teamId,
                Timestamp.from(since),
                Timestamp.from(before.occurredAt()),
                before.id(),
                limit);
    }

    /** Where an event of the owner's monitors stands in their log; empty when it is not theirs or does not exist. */
    Optional<Position> positionOf(long teamId, long eventId) {
        return jdbc
                .query(
                        "select e.occurred_at, e.id from events e join monitors m on m.id = e.monitor_id "
                                + "where e.id = ? and m.team_id = ?",
                        (row, n) -> new Position(row.getTimestamp(1).toInstant(), row.getLong(2)),
                        eventId,
                        teamId)
                .stream()
                .findFirst();
    }

    private static Entry entry(ResultSet row, int number) throws SQLException {
        return new Entry(
                row.getLong(1),
                row.getLong(2),
                row.getString(3),
                Status.valueOf(row.getString(4)),
                Status.valueOf(row.getString(5)),
                row.getString(6),
                row.getString(7),
                row.getTimestamp(8).toInstant());
    }
}
