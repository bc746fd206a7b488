package io.cloudroutes.checks.push;

import java.util.Map;

/** One delivery to a monitor of a pushed type, let through by crweb (secret checked, monitor enabled). */
public interface PushDelivery {

    long monitorId();

    /** The monitor's stored settings, defaults filled in. */
    Map<String, String> settings();

    /** The body of a {@link JsonWebhook} delivery, read as a JSON object; empty for the other routes. */
    JsonPayload payload();

    /** The last path segment of a {@link UrlWebhook} or {@link Pings} URL, null when there is none. */
    String pathValue();

    /** The query parameter {@code name} of a {@link UrlWebhook} URL, null when absent. */
    String query(String name);

    /**
     * What the sender reported, in a few words (a transition, a status, {@code fail}), for the monitor's delivery log.
     * Kept also when the delivery is refused afterwards, so call it as soon as it is known.
     */
    void reported(String what);
}
