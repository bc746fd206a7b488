package io.cloudroutes.store.history;

import io.cloudroutes.core.Status;
import java.time.Instant;

/** A monitor's status changing at {@code at}, as an event records it: what uptime is computed from. */
public record StatusTransition(Instant at, Status from, Status to) {}
