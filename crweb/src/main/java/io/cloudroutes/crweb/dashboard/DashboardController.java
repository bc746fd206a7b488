package io.cloudroutes.crweb.dashboard;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.monitor.LiveState;
import io.cloudroutes.crweb.monitor.MonitorHistory;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page after login: how many monitors are in each status, and what changed last. */
@Controller
class DashboardController {

    private final MonitorService monitors;
    private final MonitorHistory history;
    private final LiveState live;

    DashboardController(MonitorService monitors, MonitorHistory history, LiveState live) {
        this.monitors = monitors;
        this.history = history;
        this.live = live;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/")
    String dashboard(ActiveTeam team, Model model) {
        List<Monitor> owned = monitors.list(team.id());
        Map<Long, LiveState.MonitorState> states =
                live.states(owned.stream().map(Monitor::getId).toList());
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        states.values().forEach(state -> counts.merge(state.status(), 1L, Long::sum));
        model.addAttribute("counts", counts);
        model.addAttribute("liveAvailable", states.values().stream().allMatch(LiveState.MonitorState::available));
        model.addAttribute("monitorNames", owned.stream().collect(Collectors.toMap(Monitor::getId, Monitor::getName)));
        List<Monitor> failed = owned.stream()
                .filter(m -> states.get(m.getId()).status() == Status.FAILED)
                .toList();
        model.addAttribute("failed", failed);
        model.addAttribute("targets", monitors.targets(failed));
        model.addAttribute("events", history.latestEvents(team.id(), 20));
        model.addAttribute(
                "monitorsById", owned.stream().collect(Collectors.toMap(Monitor::getId, Function.identity())));
        return "dashboard";
    }
}
