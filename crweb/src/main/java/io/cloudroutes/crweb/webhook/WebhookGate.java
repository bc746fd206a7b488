package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.push.PushedTypes;
import io.cloudroutes.store.monitor.Monitor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Lets a webhook request through to its monitor: finds the secret where senders put it, checks it, then checks that
 * the monitor is of the endpoint's type and not paused.
 *
 * <p>A wrong or missing secret answers 401 whether or not the monitor exists, so ids reveal nothing. A paused monitor
 * answers 409: the sender's own log then says the result was not recorded (a 2xx would claim it was), and senders do
 * not retry a 4xx, so pausing during maintenance causes no retry storm.
 */
@Component
class WebhookGate {

    static final String SECRET_HEADER = PushRoute.SECRET_HEADER;

    private final PushSecrets secrets;
    private final PushEndpoints endpoints;
    private final PushedTypes pushedTypes;

    WebhookGate(PushSecrets secrets, PushEndpoints endpoints, PushedTypes pushedTypes) {
        this.pushedTypes = pushedTypes;
        this.secrets = secrets;
        this.endpoints = endpoints;
    }

    /** The secret from the X-CloudRoutes-Secret header, else an Authorization Bearer token; null when neither. */
    static String headerSecret(HttpServletRequest request) {
        String header = request.getHeader(SECRET_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    /**
     * The monitor this request may report for, or a 401, 404 or 409 {@link WebhookException}. The attempt is marked
     * authenticated as soon as the secret matched, so that a 404 or 409 is logged with the delivery's body.
     *
     * @param whereSecrets where this endpoint takes the secret, for the 401's message
     */
    Monitor admit(DeliveryAttempt attempt, String secret, String expectedType, String whereSecrets) {
        long monitorId = attempt.monitorId();
        if (secret == null || secret.isBlank()) {
            throw new WebhookException(
                    HttpStatus.UNAUTHORIZED, "missing_secret", "send the monitor's secret " + whereSecrets, Map.of());
        }
        Monitor monitor = secrets.authenticate(monitorId, secret)
                .orElseThrow(() -> new WebhookException(
                        HttpStatus.UNAUTHORIZED,
                        "invalid_secret",
                        "no monitor " + monitorId + " with this secret; copy the "
                                + "monitor id and secret from its page (rotate the secret if it was lost)",
                        Map.of()));
        attempt.authenticated();
        if (!monitor.getCheckType().equals(expectedType)) {
            throw new WebhookException(
                    HttpStatus.NOT_FOUND,
                    "wrong_monitor_type",
                    "monitor " + monitorId
                            + " has check type " + pushedTypes.quotedName(monitor.getCheckType())
                            + "; this endpoint takes "
                            + "monitors of check type " + pushedTypes.quotedName(expectedType) + ". "
                            + whereItGoes(monitor),
                    Map.of());
        }
        if (!monitor.isEnabled()) {
            throw new WebhookException(
                    HttpStatus.CONFLICT,
                    "monitor_paused",
                    "monitor " + monitorId
                            + " is paused, so nothing was recorded; enable it on its page to accept results again",
                    Map.of());
        }
        return monitor;
    }

    /** Where the monitor's own results go, so the sender can be pointed there. */
    private String whereItGoes(Monitor monitor) {
        List<PushEndpoints.PushEndpoint> own = endpoints.forMonitor(monitor);
        if (own.isEmpty()) {
            return "Its results come from CloudRoutes' workers, not from senders";
        }
        return "Its results go to " + own.getFirst().method() + " "
                + own.getFirst().url();
    }
}
