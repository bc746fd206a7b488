package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.checks.push.SecretPlace;
import io.cloudroutes.crweb.limit.BoundedBody;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.cloudroutes.crweb.push.DeliveryExcerpt;
import io.cloudroutes.store.monitor.Monitor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Takes in a webhook delivery with a JSON body in the order that keeps crweb cheap to attack: a secret in a header is
 * checked before the body is read (a wrong one is a 401 whatever the body), the body is read only up to the pushed
 * body limit (413 beyond it), and only then parsed. A secret in the body is checked after parsing.
 */
@Component
class WebhookIntake {

    /** What the 401 for a missing secret says of where senders put it. */
    static String where(SecretPlace place) {
        return switch (place) {
            case HEADER -> "in the " + WebhookGate.SECRET_HEADER + " header or as Authorization: Bearer <secret>";
            case HEADER_OR_BODY ->
                "in the " + WebhookGate.SECRET_HEADER + " header, as Authorization: Bearer <secret>, or in the body "
                        + "field secret";
        };
    }

    /** A delivery let through to its monitor, with its parsed body and its log entry in the making. */
    record Admitted(Monitor monitor, JsonPayload body, DeliveryAttempt attempt) {}

    private final WebhookGate gate;
    private final long limitBytes;

    WebhookIntake(WebhookGate gate, RequestLimits limits) {
        this.gate = gate;
        this.limitBytes = limits.pushedBody().toBytes();
    }

    Admitted admit(HttpServletRequest request, long monitorId, String expectedType, SecretPlace secretPlace)
            throws IOException {
        DeliveryAttempt attempt = DeliveryAttempt.begin(request, monitorId);
        String headerSecret = WebhookGate.headerSecret(request);
        Monitor monitor = null;
        if (headerSecret != null || secretPlace == SecretPlace.HEADER) {
            monitor = gate.admit(attempt, headerSecret, expectedType, where(secretPlace));
        }
        byte[] bytes = BoundedBody.read(request, limitBytes);
        JsonPayload body;
        try {
            body = JsonPayload.parse(new String(bytes, StandardCharsets.UTF_8), isForm(request.getContentType()));
        } catch (PayloadException e) {
            // the log shows the sender what it sent that could not be read; a body that parses is logged as JSON below
            if (attempt.isAuthenticated()) {
                attempt.excerpt(DeliveryExcerpt.of(new String(bytes, StandardCharsets.UTF_8)));
            }
            throw e;
        }
        if (monitor == null) {
            monitor = gate.admit(attempt, body.text("secret"), expectedType, where(secretPlace));
        }
        attempt.excerpt(DeliveryExcerpt.of(body.node()));
        return new Admitted(monitor, body, attempt);
    }

    /** Datadog's "Encode as form" sends the fields form-encoded. */
    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
