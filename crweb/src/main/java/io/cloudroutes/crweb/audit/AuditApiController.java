package io.cloudroutes.crweb.audit;

import io.cloudroutes.crweb.api.ApiPage;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.audit.AuditEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The team's audit log, for keys of its owners and admins. */
@RestController
@Tag(name = "Audit log")
class AuditApiController {

    private final AuditLog log;

    AuditApiController(AuditLog log) {
        this.log = log;
    }

    /** One entry: who did what to which thing, when and from where. */
    record AuditView(
            long id,
            Instant at,
            String actor,
            Long actorId,
            String action,
            String targetType,
            Long targetId,
            String targetName,
            String details,
            String address) {

        static AuditView of(AuditEvent event) {
            return new AuditView(
                    event.getId(),
                    event.getOccurredAt(),
                    event.getActor(),
                    event.getActorId(),
                    event.getAction(),
                    event.getTargetType(),
                    event.getTargetId(),
                    event.getTargetName(),
                    event.getDetails(),
                    event.getAddress());
        }
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @GetMapping("/api/v1/audit")
    @Operation(summary = "The team's audit log, newest first (owners and admins)")
    ApiPage<AuditView> list(
            ActiveTeam team, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return ApiPage.of(log.page(team.id(), ApiPage.request(page, size)), AuditView::of);
    }
}
