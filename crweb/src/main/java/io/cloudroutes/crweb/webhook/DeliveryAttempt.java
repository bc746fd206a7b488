package io.cloudroutes.crweb.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * What is known so far of one webhook delivery, for its entry in the monitor's delivery log: kept on the request so
 * that whoever answers it (the controller, or {@link WebhookErrors} when it is refused) can log it.
 */
final class DeliveryAttempt {

    private static final String ATTRIBUTE = DeliveryAttempt.class.getName();

    private final long monitorId;
    private final String sender;
    private boolean authenticated;
    private String transition;
    private String excerpt;

    private DeliveryAttempt(long monitorId, String sender) {
        this.monitorId = monitorId;
        this.sender = sender;
    }

    /** Starts the attempt of a request to the endpoint of {@code monitorId}. */
    static DeliveryAttempt begin(HttpServletRequest request, long monitorId) {
        DeliveryAttempt attempt = new DeliveryAttempt(monitorId, request.getRemoteAddr());
        request.setAttribute(ATTRIBUTE, attempt);
        return attempt;
    }

    /** The attempt of this request, if it reached an endpoint. */
    static Optional<DeliveryAttempt> of(HttpServletRequest request) {
        return Optional.ofNullable((DeliveryAttempt) request.getAttribute(ATTRIBUTE));
    }

    long monitorId() {
        return monitorId;
    }

    String sender() {
        return sender;
    }

    /** The sender presented the monitor's secret: its body may be kept. */
    void authenticated() {
        authenticated = true;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    void transition(String transition) {
        this.transition = transition;
    }

    String transition() {
        return transition;
    }

    void excerpt(String excerpt) {
        this.excerpt = excerpt;
    }

    String excerpt() {
        return excerpt;
    }
}
