package io.cloudroutes.crbridge.actioner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The breaker's trips in PostgreSQL ({@code safeguard_trips}): at most one open per scope (a team, or every monitor)
 * and kind, so that of several actioners opening the same trip one does, and each change of a trip (calm, closed,
 * notified) is a conditional update that happens once. Times are the application's clock.
 */
@Component
class SafeguardTrips {

    /** Why a trip opened. */
    enum Kind {
        /** More than the share of the scope's monitors turned FAILED within the window. */
        FAILED_SHARE,
        /** More disruptive runs within the runs window than the team allows. */
        DISRUPTIVE_RUNS,
        /** CloudRoutes' own checkers look broken: every zone's canary fails, or no worker result comes. */
        CHECKERS
    }

    /** An open trip; {@code teamId} null: over all monitors. */
    record Trip(long id, Long teamId, Kind kind, String reason, Instant openedAt, Instant calmSince) {}

    private static final String COLUMNS = "id, team_id, kind, reason, opened_at, calm_since";

    private final JdbcTemplate jdbc;

    SafeguardTrips(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens the trip unless one of its scope and kind is open already (then it is no longer calm): returns the trip
     * when this call opened it.
     */
    Optional<Trip> open(Long teamId, Kind kind, String reason, Instant now) {
        List<Trip> opened = jdbc.query(
                "insert into safeguard_trips (team_id, kind, reason, opened_at) values (?, ?, ?, ?) "
                        + "on conflict (coalesce(team_id, 0), kind) where closed_at is null do nothing returning "
                        + COLUMNS,
                SafeguardTrips::trip,
                teamId,
                kind.name(),
                reason,
                Timestamp.from(now));
        if (opened.isEmpty()) {
            jdbc.update(
                    "update safeguard_trips set calm_since = null where coalesce(team_id, 0) = coalesce(?, 0) "
                            + "and kind = ? and closed_at is null and calm_since is not null",
                    teamId,
                    kind.name());
        }
        return opened.stream().findFirst();
    }

    /** The open trips, oldest first. */
    List<Trip> open() {
        return jdbc.query(
                "select " + COLUMNS + " from safeguard_trips where closed_at is null order by opened_at, id",
                SafeguardTrips::trip);
    }

    /** The open trip of this scope and kind. */
    Optional<Trip> open(Long teamId, Kind kind) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from safeguard_trips where coalesce(team_id, 0) = coalesce(?, 0) "
                                + "and kind = ? and closed_at is null",
                        SafeguardTrips::trip,
                        teamId,
                        kind.name())
                .stream()
                .findFirst();
    }

    /**
     * The open trip that holds the team's disruptive runs: the team's own share trip first, else one over all
     * monitors (checkers first: it says the checks themselves are suspect).
     */
    Optional<Trip> holding(long teamId) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from safeguard_trips where closed_at is null "
                                + "and kind in ('FAILED_SHARE', 'CHECKERS') and (team_id = ? or team_id is null) "
                                + "order by team_id nulls last, kind = 'CHECKERS' desc, id limit 1",
                        SafeguardTrips::trip,
                        teamId)
                .stream()
                .findFirst();
    }

    /** Notes that the trip's condition no longer holds, from {@code now} on (once: the first calm moment counts). */
    void calm(Trip trip, Instant now) {
        jdbc.update(
                "update safeguard_trips set calm_since = ? where id = ? and calm_since is null and closed_at is null",
                Timestamp.from(now),
                trip.id());
    }

    /** Closes the trip; true for the one caller that did. */
    boolean close(Trip trip, Instant now) {
        return jdbc.update(
                        "update safeguard_trips set closed_at = ? where id = ? and closed_at is null",
                        Timestamp.from(now),
                        trip.id())
                == 1;
    }

    /** The open trips whose notice was not sent yet. */
    List<Trip> unnotified() {
        return jdbc.query(
                "select " + COLUMNS + " from safeguard_trips where closed_at is null and notified_at is null "
                        + "order by id",
                SafeguardTrips::trip);
    }

    /** Takes the trip's one notice: true for the one caller that may send it. */
    boolean takeNotice(Trip trip, Instant now) {
        return jdbc.update(
                        "update safeguard_trips set notified_at = ? where id = ? and notified_at is null",
                        Timestamp.from(now),
                        trip.id())
                == 1;
    }

    /** Gives the notice back, to be sent again: sending it failed in a way that may pass. */
    void giveNoticeBack(Trip trip) {
        jdbc.update("update safeguard_trips set notified_at = null where id = ?", trip.id());
    }

    private static Trip trip(ResultSet rs, int row) throws SQLException {
        long team = rs.getLong("team_id");
        Long teamId = rs.wasNull() ? null : team;
        Timestamp calm = rs.getTimestamp("calm_since");
        return new Trip(
                rs.getLong("id"),
                teamId,
                Kind.valueOf(rs.getString("kind")),
                rs.getString("reason"),
                rs.getTimestamp("opened_at").toInstant(),
                calm == null ? null : calm.toInstant());
    }
}
