package io.cloudroutes.crweb.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One delivery to a pushed monitor as its delivery log keeps it.
 *
 * @param at         when crweb answered it
 * @param outcome    what became of it
 * @param httpStatus the status crweb answered
 * @param detail     why, in a sentence: the reason recorded, why it was ignored or refused
 * @param transition what the sender reported: the Datadog transition, the Alertmanager status, the generic status,
 *                   the kind of ping; null when it was not read
 * @param excerpt    the start of the body, secrets masked; null when there was none or the sender was not
 *                   authenticated (a stranger's text is not kept)
 * @param sender     the address the request came from ({@code ServletRequest.getRemoteAddr()}; behind a reverse
 *                   proxy, the client address only when crweb trusts the proxy's forwarded headers)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(
        Instant at,
        DeliveryOutcome outcome,
        int httpStatus,
        String detail,
        String transition,
        String excerpt,
        String sender) {}
