package io.cloudroutes.checks;

import java.time.Duration;

/** One configured check: runs once per call, safe to run concurrently, never throws for an expected failure. */
public interface Check {

    /**
     * Runs the check, giving up after {@code timeout}. Expected failures (refused, wrong status, timeout) are a FAILED
     * outcome with a reason that says exactly what was wrong.
     */
    CheckOutcome run(Duration timeout);
}
