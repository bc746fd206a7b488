package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Holds every run of a reaction that requires a person's approval, until the reaction's time limit on the
 * application's clock. The {@link ApprovalWatch} sends the request for it once, and applies the time limit; a person
 * approves or denies it in crweb. Approved (or timed out with RUN), the run is released and passes here.
 */
@Component
@Order(30) // last: a person is asked only about a run nothing automatic holds
class ApprovalGate implements Safeguards {

    @Override
    public Verdict admit(ReactionJobs.Job job, ReactionConfig reaction, Admission admission) {
        if (!reaction.isApprovalRequired() || admission.releasedFrom(HeldKind.APPROVAL)) {
            return PASS;
        }
        Duration limit = Duration.ofSeconds(reaction.getApprovalTimeoutSeconds());
        Instant until = admission.now().plus(limit);
        return new Hold(HeldKind.APPROVAL, reason(limit, reaction.getOnApprovalTimeout()), until);
    }

    /** What a person reads on the held run: what it waits for, and what happens if nobody answers. */
    static String reason(Duration limit, OnApprovalTimeout then) {
        return "held: waiting for a person's approval for " + ApprovalWatch.minutes(limit) + "; unanswered, it "
                + (then == OnApprovalTimeout.RUN ? "runs" : "is skipped");
    }
}
