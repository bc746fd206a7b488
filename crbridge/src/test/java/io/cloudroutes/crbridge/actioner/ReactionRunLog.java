package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** The runs of reactions the actioner recorded, as a monitor's history shows them. */
record ReactionRunLog(ReactionRunRepository runs) {

    /** The runs of the reaction for the monitor, oldest first. */
    List<ReactionRun> of(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    /**
     * Waits until the reaction has {@code count} runs for the monitor and returns them. Runs are recorded when they
     * end; waiting for each keeps the record in the order of the changes.
     */
    List<ReactionRun> await(Monitor monitor, ReactionConfig reaction, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> of(monitor, reaction).size() == count);
        return of(monitor, reaction);
    }
}
