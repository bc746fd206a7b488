package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;

/**
 * What folding one result did to a monitor's state.
 *
 * @param heldFor     results agreeing with {@code current} since it was entered (1 at the transition)
 * @param episodeFrom the status before the current episode began
 * @param counted     this result moved {@code heldFor} to its value (the transition, or a result agreeing with the
 *                    status); only such a result can make a reaction due, so each trigger is reached once per episode
 * @param flapping    the monitor changed status more often than its flap damping allows, and has not been quiet for
 *                    the damping's window since ({@link FlapDamping})
 * @param flapChanged this fold set or cleared {@code flapping}: exactly one fold does each, so a notice of it goes once
 * @param foldedAtMillis the fold's own "now" (Redis' clock for a live fold), which judged which zones vote
 */
record Fold(
        Status previous,
        Status current,
        boolean transitioned,
        int heldFor,
        Status episodeFrom,
        boolean counted,
        boolean flapping,
        boolean flapChanged,
        long foldedAtMillis) {}
