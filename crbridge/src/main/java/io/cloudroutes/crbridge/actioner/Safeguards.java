package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Instant;
import java.util.Set;

/**
 * A check every reaction run passes before it may act: a blast-radius limit, flap damping, an approval. The
 * {@link JobRunner} asks each safeguard in turn, once per admission, after the run was found still due (its monitor
 * still has the status, no parent holds it) and before it takes its frequency slot, so a held run uses up nothing. The
 * first {@link Hold} wins: the job stays unfinished and nobody claims it, recorded as a HELD run with the reason, until
 * it is released ({@link ReactionJobs#release(long, String)}); admission then runs again, and a safeguard passes a
 * run released from its own kind of hold ({@link Admission#releasedFrom}). A restore is never held: it undoes what
 * already ran.
 */
interface Safeguards {

    /** Whether the run may go on, or why it waits. Called concurrently, on every actioner: keep counters atomic. */
    Verdict admit(ReactionJobs.Job job, ReactionConfig reaction, Admission admission);

    /** The kind of safeguard that holds a run, kept with it ({@code reaction_jobs.held_kind}). */
    enum HeldKind {
        /** Too much failed at once, or too many disruptive runs in a short time: CloudRoutes' own checks may be wrong. */
        BREAKER,
        /** The monitor changes state too often for its status to be trusted. */
        FLAPPING,
        /** The reaction waits for a person to approve it. */
        APPROVAL
    }

    /**
     * What a safeguard decides on.
     *
     * @param change     the status change the run reacts to
     * @param disruptive whether the run may take a service down ({@link ReactionConfig#isDisruptive})
     * @param released   the kinds of hold the run was released from before (a person, or the hold's own watcher)
     * @param now        the application's clock ({@code Clock} bean), which tests move: holds' times come from it
     */
    record Admission(StatusChanged change, boolean disruptive, Set<HeldKind> released, Instant now) {

        public Admission {
            released = Set.copyOf(released);
        }

        /** Whether the run was released from this kind of hold already: its safeguard lets it pass. */
        boolean releasedFrom(HeldKind kind) {
            return released.contains(kind);
        }
    }

    /** A safeguard's answer: {@link #PASS}, or a {@link Hold}. */
    sealed interface Verdict permits Pass, Hold {}

    /** The run may go on, as far as this safeguard is concerned. */
    enum Pass implements Verdict {
        PASS
    }

    Verdict PASS = Pass.PASS;

    /**
     * The run waits.
     *
     * @param reason what a person reads on the run: which safeguard, why, and how it ends ("held: …")
     * @param until  when the safeguard means to look again or give up (an approval's time limit), or null: until it is
     *     released. The job is not claimed by itself at this time: the safeguard's own watcher releases or finishes it.
     */
    record Hold(HeldKind kind, String reason, Instant until) implements Verdict {

        public Hold {
            if (kind == null || reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a hold needs its kind and a reason a person can read");
            }
        }
    }
}
