package io.cloudroutes.standalone;

import io.cloudroutes.store.DatabaseRoles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what CloudRoutes recorded in PostgreSQL, the way an operator would with psql. */
final class Database {

    private final String url;
    private final String user;
    private final String password;

    Database(String url, DatabaseRoles.Login login) {
        this.url = url;
        this.user = login.username();
        this.password = login.password();
    }

    /** The monitor's transitions, oldest first, as "FROM->TO". */
    List<String> transitions(long monitorId) {
        return strings(
                "select from_status || '->' || to_status from events where monitor_id = ? order by id", monitorId);
    }

    /** The reaction runs of a monitor, oldest first, as their outcomes. */
    List<String> reactionOutcomes(long monitorId) {
        return strings("select outcome from reaction_runs where monitor_id = ? order by id", monitorId);
    }

    /** The ids of the monitor's reaction jobs not finished yet: runs still being decided, attempted or held. */
    List<String> unfinishedJobs(long monitorId) {
        return strings("select id::text from reaction_jobs where monitor_id = ? and finished_at is null", monitorId);
    }

    /** How many failing check results of the monitor were recorded for checks made after {@code since}. */
    long failedResultsSince(long monitorId, Instant since) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from check_results where monitor_id = ? and status = 'FAILED' and checked_at > ?")) {
            statement.setLong(1, monitorId);
            statement.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> strings(String sql, long parameter) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
