package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.store.reaction.ReactionConfig;
import org.springframework.stereotype.Component;

/** The safeguard that holds nothing: every run is admitted as before, until the safeguards proper plug in beside it. */
@Component
class NoSafeguards implements Safeguards {

    @Override
    public Verdict admit(ReactionJobs.Job job, ReactionConfig reaction, Admission admission) {
        return PASS;
    }
}
