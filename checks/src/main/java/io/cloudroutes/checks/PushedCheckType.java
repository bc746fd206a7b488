package io.cloudroutes.checks;

/**
 * A check type whose results are pushed to CloudRoutes from outside (a monitoring system's webhook, a job's heartbeat
 * pings): no worker runs it, so it has no checks to create.
 */
public non-sealed interface PushedCheckType extends CheckType {}
