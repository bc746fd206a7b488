package io.cloudroutes.crweb.dashboard;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The few columns of a team's monitors the dashboard shows, read without entities (no reactions, no settings): one
 * query per page, whatever the number of monitors.
 */
@Component
class DashboardMonitors {

    /** One monitor as a dashboard row needs it. */
    record Row(long id, String name, String checkType, boolean enabled, List<String> tags) {}

    private final JdbcTemplate jdbc;

    DashboardMonitors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The team's monitors the search finds, by name (the order of the index on team and name). */
    List<Row> find(long teamId, MonitorSearch search) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(teamId);
        StringBuilder sql =
                new StringBuilder("select id, name, check_type, enabled, tags from monitors where team_id = ?");
        if (!search.isEmpty()) {
            sql.append(" and ").append(search.sql(arguments));
        }
        sql.append(" order by name, id");
        return jdbc.query(sql.toString(), DashboardMonitors::row, arguments.toArray());
    }

    /** The names of the team's monitors among {@code ids}, for the latest events. */
    java.util.Map<Long, String> names(long teamId, java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.query(
                "select id, name from monitors where team_id = ? and id = any(?)",
                rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                },
                teamId,
                ids.toArray(Long[]::new));
        return names;
    }

    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        Array tags = rs.getArray("tags");
        List<String> tagList = tags == null ? List.of() : Arrays.asList((String[]) tags.getArray());
        return new Row(
                rs.getLong("id"), rs.getString("name"), rs.getString("check_type"), rs.getBoolean("enabled"), tagList);
    }
}
