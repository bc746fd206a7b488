package io.cloudroutes.crweb.webhook;

import io.cloudroutes.crweb.limit.BoundedBody;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.cloudroutes.crweb.push.DeliveryExcerpt;
import io.cloudroutes.store.monitor.Monitor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Takes in a webhook delivery with a JSON body in the order that keeps crweb cheap to attack: a secret in a header is
 * checked before the body is read (a wrong one is a 401 whatever the body), the body is read only up to the pushed
 * body limit (413 beyond it), and only then parsed. A secret in the body is checked after parsing.
 */
@Component
class WebhookIntake {

    /** Where senders may put the secret. */
    enum SecretIn {
        HEADER("in the " + WebhookGate.SECRET_HEADER + " header or as Authorization: Bearer <secret>"),
        HEADER_OR_BODY("in the " + WebhookGate.SECRET_HEADER + " header, as Authorization: Bearer <secret>, or in "
                + "the body field secret");

        final String where;

        SecretIn(String where) {
            this.where = where;
        }
    }

    /** A delivery let through to its monitor, with its parsed body and its log entry in the making. */
    record Admitted(Monitor monitor, JsonBody body, DeliveryAttempt attempt) {}

    private final WebhookGate gate;
    private final long limitBytes;

    WebhookIntake(WebhookGate gate, RequestLimits limits) {
        this.gate = gate;
        this.limitBytes = limits.pushedBody().toBytes();
    }

    Admitted admit(HttpServletRequest request, long monitorId, String expectedType, SecretIn secretIn)
            throws IOException {
        DeliveryAttempt attempt = DeliveryAttempt.begin(request, monitorId);
        String headerSecret = WebhookGate.headerSecret(request);
        Monitor monitor = null;
        if (headerSecret != null || secretIn == SecretIn.HEADER) {
            monitor = gate.admit(attempt, headerSecret, expectedType, secretIn.where);
        }
        byte[] bytes = BoundedBody.read(request, limitBytes);
        JsonBody body;
        try {
            body = JsonBody.parse(bytes, request.getContentType());
        } catch (WebhookException e) {
            // the log shows the sender what it sent that could not be read; a body that parses is logged as JSON below
            if (attempt.isAuthenticated()) {
                attempt.excerpt(DeliveryExcerpt.of(new String(bytes, StandardCharsets.UTF_8)));
            }
            throw e;
        }
        if (monitor == null) {
            monitor = gate.admit(attempt, body.text("secret"), expectedType, secretIn.where);
        }
        attempt.excerpt(DeliveryExcerpt.of(body.node()));
        return new Admitted(monitor, body, attempt);
    }
}
