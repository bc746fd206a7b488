package io.cloudroutes.crweb.monitor;

import io.cloudroutes.crweb.system.FieldProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rules of the monitors a monitor depends on (its parents), checked before a save: each one of the same team
 * (another team's and an unknown id get the same answer), never itself, and no cycle through any number of monitors.
 * A check that may close a cycle takes a lock per team until the save commits, so two saves at once (A on B, B on A)
 * cannot both pass. The monitor page reads parents and children here too.
 */
@Component
class MonitorDependencies {

    static final String FIELD = "dependsOn";

    /** A monitor on the other side of a dependency, for the monitor page. */
    record Related(long id, String name) {}

    private final JdbcTemplate jdbc;

    MonitorDependencies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What is wrong with {@code monitorId} (null for a new monitor) named {@code name} depending on {@code asked},
     * added to {@code problems} under {@link #FIELD}. Inside the saving transaction: the team's lock is held from here
     * to its commit, so the graph checked is the graph the save changes.
     */
    void check(long teamId, Long monitorId, String name, List<Long> asked, List<FieldProblem> problems) {
        if (asked == null || asked.isEmpty()) {
            return;
        }
        if (asked.contains(null)) {
            problems.add(new FieldProblem(FIELD, "list the ids of monitors of this team, without null"));
            return;
        }
        Set<Long> parents = new LinkedHashSet<>(asked);
        if (monitorId != null && parents.contains(monitorId)) {
            problems.add(new FieldProblem(
                    FIELD, "a monitor cannot depend on itself; choose the monitors " + name + " needs to work"));
            return;
        }
        if (monitorId != null) {
            // a new monitor closes no cycle (nothing depends on it yet); a change may, so changes queue per team
            jdbc.queryForList(
                    "select pg_advisory_xact_lock(hashtextextended('cloudroutes monitor dependencies ' || ?, 0))",
                    teamId);
        }
        Map<Long, String> names = new HashMap<>();
        jdbc.query(
                "select id, name from monitors where team_id = ? and id = any(string_to_array(?, ',')::bigint[])",
                rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                },
                teamId,
                csv(parents));
        if (names.size() != parents.size()) {
            problems.add(new FieldProblem(
                    FIELD, "one of the chosen monitors does not exist; choose among this team's monitors"));
            return;
        }
        if (monitorId == null) {
            return;
        }
        Map<Long, List<Long>> edges = edges(teamId);
        for (long parent : parents) {
            Optional<List<Long>> path = pathBetween(edges, parent, monitorId);
            if (path.isPresent()) {
                problems.add(new FieldProblem(FIELD, cycle(teamId, monitorId, path.get())));
                return;
            }
        }
    }

    /** The monitors {@code monitorId} depends on, by name. */
    List<Related> parents(long teamId, long monitorId) {
        return related("d.depends_on_id", "d.monitor_id", teamId, monitorId);
    }

    /** The monitors that depend on {@code monitorId}, by name. */
    List<Related> children(long teamId, long monitorId) {
        return related("d.monitor_id", "d.depends_on_id", teamId, monitorId);
    }

    /** The team's monitors in column {@code other} of the dependencies whose column {@code own} is the monitor. */
    private List<Related> related(String other, String own, long teamId, long monitorId) {
        return jdbc.query(
                "select m.id, m.name from monitor_dependencies d join monitors m on m.id = " + other + " where " + own
                        + " = ? and m.team_id = ? order by m.name, m.id",
                (rs, n) -> new Related(rs.getLong(1), rs.getString(2)),
                monitorId,
                teamId);
    }

    /** The team's monitors one could depend on: every one but {@code monitorId} itself, by name. */
    List<Related> choices(long teamId, Long monitorId) {
        return jdbc.query(
                "select id, name from monitors where team_id = ? and id <> ? order by name, id",
                (rs, n) -> new Related(rs.getLong(1), rs.getString(2)),
                teamId,
                monitorId == null ? -1L : monitorId);
    }

    /**
     * The monitors from {@code from} to {@code to} following the stored dependencies (child to parent), both included;
     * empty when {@code to} cannot be reached. Breadth first, so the cycle named is a shortest one.
     */
    private static Optional<List<Long>> pathBetween(Map<Long, List<Long>> edges, long from, long to) {
        Map<Long, Long> reachedFrom = new HashMap<>();
        Deque<Long> next = new ArrayDeque<>(List.of(from));
        reachedFrom.put(from, from);
        while (!next.isEmpty()) {
            long at = next.poll();
            if (at == to) {
                List<Long> path = new ArrayList<>();
                for (long step = to; step != from; step = reachedFrom.get(step)) {
                    path.addFirst(step);
                }
                path.addFirst(from);
                return Optional.of(path);
            }
            for (long parent : edges.getOrDefault(at, List.of())) {
                if (reachedFrom.putIfAbsent(parent, at) == null) {
                    next.add(parent);
                }
            }
        }
        return Optional.empty();
    }

    /** The team's stored dependencies: each monitor's parents, by the monitor's id. */
    private Map<Long, List<Long>> edges(long teamId) {
        Map<Long, List<Long>> edges = new HashMap<>();
        jdbc.query(
                "select d.monitor_id, d.depends_on_id from monitor_dependencies d "
                        + "join monitors m on m.id = d.monitor_id where m.team_id = ?",
                rs -> {
                    edges.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                },
                teamId);
        return edges;
    }

    /** "api → lb → api" and how to get out of it, for the cycle {@code monitorId} → {@code path}. */
    private String cycle(long teamId, long monitorId, List<Long> path) {
        Map<Long, String> names = new HashMap<>();
        List<Long> all = new ArrayList<>(path);
        all.add(monitorId);
        jdbc.query(
                "select id, name from monitors where team_id = ? and id = any(string_to_array(?, ',')::bigint[])",
                rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                },
                teamId,
                csv(all));
        List<String> cycle = new ArrayList<>();
        cycle.add(names.get(monitorId));
        path.forEach(id -> cycle.add(names.get(id)));
        String parent = names.get(path.getFirst());
        String self = names.get(monitorId);
        return "this would make a cycle: " + String.join(" → ", cycle) + " (a monitor cannot depend, even through "
                + "others, on itself). Remove " + parent + " from the monitors " + self
                + " depends on, or first remove "
                + (path.size() == 2 ? self + " from the monitors " + parent + " depends on" : "one of the other links");
    }

    private static String csv(Iterable<Long> ids) {
        StringBuilder joined = new StringBuilder();
        ids.forEach(id -> joined.append(joined.isEmpty() ? "" : ",").append(id));
        return joined.toString();
    }
}
