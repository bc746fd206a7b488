package io.cloudroutes.checks.datadog;

import io.cloudroutes.core.Status;
import java.util.List;
import java.util.Locale;

/**
 * What a Datadog alert transition ({@code $ALERT_TRANSITION}) means for a CloudRoutes monitor. Datadog documents
 * Recovered, Triggered, Re-Triggered, No Data, Re-No Data, Warn, Re-Warn, Renotify and Null; Warn Recovered is sent as
 * well. Any other value (a transition Datadog adds later) is {@link Unrecognized}: the caller accepts and logs it
 * without changing the status, because Datadog does not retry a 4xx and a refused delivery would be lost.
 */
public final class DatadogTransitions {

    /** The transitions Datadog sends that this class knows, in the order the docs list them. */
    public static final List<String> KNOWN = List.of(
            "Triggered",
            "Re-Triggered",
            "No Data",
            "Re-No Data",
            "Renotify",
            "Recovered",
            "Warn",
            "Re-Warn",
            "Warn Recovered",
            "Null");

    private DatadogTransitions() {}

    /** What a transition makes of the monitor. */
    public sealed interface Meaning permits Record, Ignore, Unrecognized {}

    /** A result with this status is recorded. */
    public record Record(Status status) implements Meaning {}

    /** Nothing is recorded, for the reason given (a sentence). */
    public record Ignore(String why) implements Meaning {}

    /** A transition CloudRoutes does not know; nothing is recorded. */
    public record Unrecognized(String transition) implements Meaning {}

    /**
     * The meaning of {@code transition} for a monitor whose {@value DatadogCheckType#WARN_AS} setting is
     * {@code warnAs}. {@code alertType} ({@code $ALERT_TYPE}: error, warning, …; may be null) tells a Renotify of a
     * warning, which follows warnAs, from a Renotify of an alert or of missing data, which is a failure.
     */
    public static Meaning of(String transition, String alertType, String warnAs) {
        String known = KNOWN.stream()
                .filter(k -> k.equalsIgnoreCase(transition.strip()))
                .findFirst()
                .orElse(null);
        if (known == null) {
            return new Unrecognized(transition);
        }
        return switch (known) {
            case "Triggered", "Re-Triggered", "No Data", "Re-No Data" -> new Record(Status.FAILED);
            case "Recovered" -> new Record(Status.HEALTHY);
            case "Warn", "Re-Warn" -> warning(known, warnAs, null);
            case "Warn Recovered" -> warning(known, warnAs, Status.HEALTHY);
            case "Renotify" ->
                "warning".equalsIgnoreCase(alertType == null ? "" : alertType.strip())
                        ? warning("Renotify of a warning", warnAs, null)
                        : new Record(Status.FAILED);
            case "Null" ->
                new Ignore("Null is a Datadog notification that is not an alert transition, so it never "
                        + "changes the status");
            default -> throw new IllegalStateException("unmapped Datadog transition " + known);
        };
    }

    /** A warning follows warnAs; {@code fixed} replaces the status warnAs names (a warning's recovery is healthy). */
    private static Meaning warning(String what, String warnAs, Status fixed) {
        String setting = warnAs == null ? "IGNORE" : warnAs.toUpperCase(Locale.ROOT);
        if (setting.equals("IGNORE")) {
            return new Ignore(what + " is ignored: this monitor's setting " + DatadogCheckType.WARN_AS
                    + " is IGNORE, so a Datadog warning never changes its status");
        }
        return new Record(fixed != null ? fixed : Status.valueOf(setting));
    }
}
