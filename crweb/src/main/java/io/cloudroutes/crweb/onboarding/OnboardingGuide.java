package io.cloudroutes.crweb.onboarding;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a team stands on its way to its first working monitor: a monitor, a reaction, and the reaction attached to
 * it. The dashboard shows the guide until a monitor of the team has a reaction, or the person dismissed it for this
 * session. Templates ask it through {@code @onboardingGuide}, so the dashboard needs no code of its own for it.
 */
@Component("onboardingGuide")
public class OnboardingGuide {

    /** How many check types the first step offers, the commonest first; the full chooser has the rest. */
    static final int TYPES_OFFERED = 6;

    private final JdbcTemplate jdbc;
    private final MonitorService monitors;
    private final DismissedGuides dismissed;

    OnboardingGuide(JdbcTemplate jdbc, MonitorService monitors, DismissedGuides dismissed) {
        this.jdbc = jdbc;
        this.monitors = monitors;
        this.dismissed = dismissed;
    }

    /**
     * A check type the first step offers, with its one-line description.
     *
     * @param id          the type's id, for the link to its form
     * @param name        the type's name
     * @param description one line: what it checks and when to pick it
     */
    public record Offer(String id, String name, String description) {}

    /**
     * The guide for the team: the steps done, what the next step links to, and whether the person may edit (a viewer
     * is told that an editor sets things up).
     *
     * @param firstMonitorId the monitor to attach the reaction to (null before there is one)
     */
    public record Guide(
            boolean monitorDone,
            boolean reactionDone,
            boolean attachedDone,
            boolean canEdit,
            Long firstMonitorId,
            List<Offer> offers) {

        /** Whether the guide has nothing left to show. */
        public boolean done() {
            return attachedDone;
        }

        /** How many of the three steps are done. */
        public int stepsDone() {
            return (monitorDone ? 1 : 0) + (reactionDone ? 1 : 0) + (attachedDone ? 1 : 0);
        }
    }

    /** The guide for {@code team}; null when it has nothing to show (done, dismissed, or no team). */
    public Guide of(ActiveTeam team) {
        if (team == null || dismissed.has(team.id())) {
            return null;
        }
        Progress progress = jdbc.queryForObject(
                """
                select (select min(m.id) from monitors m where m.team_id = ?) as first_monitor,
                       exists(select 1 from reactions r where r.team_id = ?) as has_reaction,
                       exists(select 1 from monitor_reactions mr join monitors m on m.id = mr.monitor_id
                              where m.team_id = ?) as attached""",
                (row, n) -> new Progress(
                        row.getObject("first_monitor", Long.class),
                        row.getBoolean("has_reaction"),
                        row.getBoolean("attached")),
                team.id(),
                team.id(),
                team.id());
        if (progress.attached()) {
            return null;
        }
        return new Guide(
                progress.firstMonitor() != null,
                progress.hasReaction(),
                false,
                team.may(Permission.EDIT),
                progress.firstMonitor(),
                offers());
    }

    private record Progress(Long firstMonitor, boolean hasReaction, boolean attached) {}

    /** The commonest polled types first, as the chooser orders them. */
    private List<Offer> offers() {
        return monitors.types().grouped().stream()
                .flatMap(group -> group.types().stream())
                .filter(type -> !type.pushed())
                .limit(TYPES_OFFERED)
                .map(OnboardingGuide::offer)
                .toList();
    }

    private static Offer offer(CheckType type) {
        String description = type.description();
        int end = description.indexOf(". ");
        return new Offer(type.id(), type.name(), end < 0 ? description : description.substring(0, end + 1));
    }
}
