package io.cloudroutes.checks.push;

/** Where senders of a JSON webhook may put the monitor's secret. */
public enum SecretPlace {
    /** The {@code X-CloudRoutes-Secret} header or {@code Authorization: Bearer <secret>}. */
    HEADER,
    /** Those headers, or the body's field {@code secret} (for senders that cannot set headers). */
    HEADER_OR_BODY
}
