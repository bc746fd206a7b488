package io.cloudroutes.core;

/** The health of a monitor as users see it: unknown until its first result, then healthy or failed. */
public enum Status {
    UNKNOWN,
    HEALTHY,
    FAILED
}
