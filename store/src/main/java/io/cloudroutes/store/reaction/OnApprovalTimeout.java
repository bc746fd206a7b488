package io.cloudroutes.store.reaction;

/** What a run that needs approval does when nobody approved or denied it within the reaction's time limit. */
public enum OnApprovalTimeout {
    /** It runs, as if approved: for an action that must happen even at night when nobody answers. */
    RUN,
    /** It is recorded as skipped and does nothing: the safe choice for an action a false alarm would make harmful. */
    SKIP
}
