package io.cloudroutes.crweb.webhook;

import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.store.monitor.Monitor;
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

    static final String SECRET_HEADER = "X-CloudRoutes-Secret";

    private final PushSecrets secrets;

    WebhookGate(PushSecrets secrets) {
        this.secrets = secrets;
    }

    /** The secret from the X-CloudRoutes-Secret header, else an Authorization Bearer token, else {@code bodySecret}. */
    static String secret(HttpHeaders headers, String bodySecret) {
        String header = headers.getFirst(SECRET_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return bodySecret;
    }

    /** The monitor this request may report for, or a 401, 404 or 409 {@link WebhookException}. */
    Monitor admit(long monitorId, String secret, String expectedType, String kind) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookException(HttpStatus.UNAUTHORIZED, "missing_secret", "send the monitor's secret in the "
                    + SECRET_HEADER + " header, as Authorization: Bearer <secret>, or in the body field secret",
                    Map.of());
        }
        Monitor monitor = secrets.authenticate(monitorId, secret).orElseThrow(() -> new WebhookException(
                HttpStatus.UNAUTHORIZED, "invalid_secret", "no monitor " + monitorId + " with this secret; copy the "
                + "monitor id and secret from its page (rotate the secret if it was lost)", Map.of()));
        if (!monitor.getCheckType().equals(expectedType)) {
            throw new WebhookException(HttpStatus.NOT_FOUND, "wrong_monitor_type", "monitor " + monitorId + " is a "
                    + monitor.getCheckType() + " monitor; this endpoint takes " + kind + " monitors (check type "
                    + expectedType + ")", Map.of());
        }
        if (!monitor.isEnabled()) {
            throw new WebhookException(HttpStatus.CONFLICT, "monitor_paused", "monitor " + monitorId
                    + " is paused, so nothing was recorded; enable it on its page to accept results again", Map.of());
        }
        return monitor;
    }
}
