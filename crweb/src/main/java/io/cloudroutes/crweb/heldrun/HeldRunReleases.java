package io.cloudroutes.crweb.heldrun;

import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.store.reaction.HeldRuns;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A team's reaction runs that a safeguard holds, and their release by a person: each release is the one conditional
 * update of {@link HeldRuns} (of two people releasing the same run, only the first counts), by the person's email,
 * recorded in the audit log with how many runs it released.
 */
@Service
class HeldRunReleases {

    private final HeldRuns heldRuns;
    private final AuditLog audit;

    HeldRunReleases(HeldRuns heldRuns, AuditLog audit) {
        this.heldRuns = heldRuns;
        this.audit = audit;
    }

    /** The team's runs held now and not released, oldest first. */
    @Transactional(readOnly = true)
    List<HeldRuns.HeldRun> list(long teamId) {
        return heldRuns.ofTeam(teamId);
    }

    /** The person's other teams with runs held now, each with how many. */
    @Transactional(readOnly = true)
    List<HeldRuns.TeamHolding> inOtherTeams(ActiveTeam team) {
        return heldRuns.inOtherTeamsOf(team.memberId(), team.id());
    }

    /**
     * Releases one of the team's held runs. Returns it when this call released it; empty when it is not held any more
     * (released by someone else first, or finished). Another team's run, or none, is not found.
     */
    @Transactional
    Optional<HeldRuns.HeldRun> release(ActiveTeam team, long jobId) {
        if (!heldRuns.belongsTo(team.id(), jobId)) {
            throw new NotFoundException("held run " + jobId);
        }
        Optional<HeldRuns.HeldRun> held = heldRuns.find(team.id(), jobId);
        if (held.isEmpty() || !heldRuns.release(team.id(), jobId, team.email())) {
            return Optional.empty();
        }
        HeldRuns.HeldRun run = held.get();
        audit.record(
                team.id(),
                AuditAction.HELD_RUN_RELEASED,
                new AuditLog.Target("reaction-job", run.jobId(), run.monitorName() + ": " + run.reactionName()),
                "released 1 held run (" + run.kind() + "): " + run.reason());
        return held;
    }

    /** Releases every run of the team held now; returns the ids of those this call released. */
    @Transactional
    List<Long> releaseAll(ActiveTeam team) {
        List<Long> released = heldRuns.releaseAll(team.id(), team.email());
        if (!released.isEmpty()) {
            audit.record(
                    team.id(),
                    AuditAction.HELD_RUNS_RELEASED,
                    AuditLog.Target.team(team.id(), team.name()),
                    "released " + released.size() + (released.size() == 1 ? " held run" : " held runs") + ": "
                            + released);
        }
        return released;
    }
}
