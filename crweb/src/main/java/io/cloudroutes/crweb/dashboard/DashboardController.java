package io.cloudroutes.crweb.dashboard;

import io.cloudroutes.crweb.maintenance.MaintenanceWindows;
import io.cloudroutes.crweb.monitor.MonitorHistory;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The first page after login: the team's monitors with their live status, filtered by status, searched by name or
 * tag, sorted and paged, with every choice in the URL (bookmarkable, works without JavaScript); and the stream that
 * keeps an open page live.
 */
@Controller
class DashboardController {

    private final Dashboard dashboard;
    private final DashboardStreams streams;
    private final DashboardMonitors monitors;
    private final MonitorHistory history;
    private final MaintenanceWindows maintenance;
    private final MonitorService monitorService;

    DashboardController(
            Dashboard dashboard,
            DashboardStreams streams,
            DashboardMonitors monitors,
            MonitorHistory history,
            MaintenanceWindows maintenance,
            MonitorService monitorService) {
        this.maintenance = maintenance;
        this.monitorService = monitorService;
        this.dashboard = dashboard;
        this.streams = streams;
        this.monitors = monitors;
        this.history = history;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/")
    String dashboard(
            ActiveTeam team,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page,
            Model model) {
        Dashboard.Query query = query(status, q, sort, page);
        Dashboard.Page shown = dashboard.page(team.id(), query);
        List<MonitorEvent> events = history.latestEvents(team.id(), 10);
        model.addAttribute("query", query);
        model.addAttribute("page", shown);
        model.addAttribute("links", new Links(query));
        model.addAttribute("statuses", DashboardStatus.values());
        model.addAttribute("sorts", DashboardSort.values());
        model.addAttribute("events", events);
        List<Long> shownIds =
                shown.entries().stream().map(e -> e.monitor().id()).toList();
        // what each row checks, so a failure says where to look
        List<Monitor> rows = monitorService.ofTeam(team.id(), shownIds);
        model.addAttribute("targets", monitorService.targets(rows));
        // the rows in a maintenance window now, with its end: still checked, but their status is held
        model.addAttribute("maintenance", maintenance.inMaintenanceNow(team.id(), rows));
        model.addAttribute(
                "monitorNames",
                monitors.names(
                        team.id(),
                        events.stream()
                                .map(MonitorEvent::getMonitorId)
                                .distinct()
                                .toList()));
        model.addAttribute(
                "streamUrl", new Links(query).to("/dashboard/stream", query.status(), query.sort(), shown.page()));
        return "dashboard";
    }

    /** The changes of the dashboard page with these choices, as server-sent events (see {@code dashboard.js}). */
    @Requires(Permission.VIEW)
    @GetMapping(path = "/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            ActiveTeam team,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page) {
        return streams.open(team.memberId(), dashboard.page(team.id(), query(status, q, sort, page)));
    }

    /** The choices as asked; what cannot be read means the default (all, status order, the first page). */
    private static Dashboard.Query query(String status, String q, String sort, String page) {
        int number = 1;
        try {
            number = page == null ? 1 : Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            // a hand-edited page number starts at the first page
        }
        return new Dashboard.Query(
                DashboardStatus.fromKey(status),
                q == null ? "" : q.strip(),
                DashboardSort.fromKey(sort).orElse(DashboardSort.STATUS),
                number);
    }

    /** URLs of the dashboard with one choice changed, the others kept. */
    record Links(Dashboard.Query query) {

        public String status(String status) {
            return to("/", DashboardStatus.fromKey(status), query.sort(), 1);
        }

        public String sort(String sort) {
            return to("/", query.status(), DashboardSort.fromKey(sort).orElse(DashboardSort.STATUS), 1);
        }

        public String withoutSearch() {
            return new Links(new Dashboard.Query(query.status(), "", query.sort(), 1))
                    .to("/", query.status(), query.sort(), 1);
        }

        public String page(int page) {
            return to("/", query.status(), query.sort(), page);
        }

        /**
         * The page numbers to link from page {@code current} of {@code total}: the first, the last and two either
         * side of the current one; 0 where numbers are left out.
         */
        public java.util.List<Integer> around(int current, int total) {
            java.util.List<Integer> numbers = new java.util.ArrayList<>();
            for (int n = 1; n <= total; n++) {
                if (n == 1 || n == total || Math.abs(n - current) <= 2) {
                    numbers.add(n);
                } else if (numbers.getLast() != 0) {
                    numbers.add(0);
                }
            }
            return numbers;
        }

        public String to(String path, Optional<DashboardStatus> status, DashboardSort sort, int page) {
            UriComponentsBuilder url = UriComponentsBuilder.fromPath(path);
            status.ifPresent(s -> url.queryParam("status", s.key()));
            if (!query.q().isEmpty()) {
                // as a variable, so that the encoding escapes & + = and the like in what was typed
                url.queryParam("q", "{q}");
            }
            if (sort != DashboardSort.STATUS) {
                url.queryParam("sort", sort.key());
            }
            if (page > 1) {
                url.queryParam("page", page);
            }
            return url.encode().buildAndExpand(java.util.Map.of("q", query.q())).toUriString();
        }
    }
}
