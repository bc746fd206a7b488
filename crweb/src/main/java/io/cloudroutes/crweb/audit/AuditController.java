package io.cloudroutes.crweb.audit;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.audit.AuditEvent;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The team's audit log page, for its owners and admins. */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @GetMapping("/team/audit")
    String page(ActiveTeam team, @RequestParam(defaultValue = "0") int page, Model model) {
        Page<AuditEvent> events = log.page(team.id(), PageRequest.of(Math.max(0, page), PAGE_SIZE));
        model.addAttribute("team", team);
        model.addAttribute("events", events);
        return "teams/audit";
    }
}
