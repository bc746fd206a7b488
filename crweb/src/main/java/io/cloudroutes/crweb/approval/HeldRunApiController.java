package io.cloudroutes.crweb.approval;

import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Approving or denying reaction runs held for approval, through the REST API, by the held run's job id. */
@RestController
@RequestMapping("/api/v1/held-runs")
@Tag(name = "Held runs")
class HeldRunApiController {

    private final Approvals approvals;

    HeldRunApiController(Approvals approvals) {
        this.approvals = approvals;
    }

    /** What was decided, and by whom. */
    record Decided(long jobId, String decision, String by) {}

    @Requires(Permission.EDIT)
    @PostMapping("/{jobId}/approve")
    @Operation(summary = "Approve a run held for approval: it goes ahead at once (409 when it no longer waits)")
    Decided approve(ActiveTeam team, @PathVariable long jobId) {
        approvals.decide(team, jobId, true);
        return new Decided(jobId, "APPROVED", team.email());
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{jobId}/deny")
    @Operation(summary = "Deny a run held for approval: it is recorded as skipped (409 when it no longer waits)")
    Decided deny(ActiveTeam team, @PathVariable long jobId) {
        approvals.decide(team, jobId, false);
        return new Decided(jobId, "DENIED", team.email());
    }

    @ExceptionHandler(Approvals.NotWaiting.class)
    ResponseEntity<ApiError> notWaiting(Approvals.NotWaiting e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of("not_waiting", e.getMessage()));
    }
}
