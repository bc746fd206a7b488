package io.cloudroutes.crweb.webhook;

import io.cloudroutes.crweb.push.Delivery;
import io.cloudroutes.crweb.push.DeliveryLog;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import java.time.Clock;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/** Logs how a webhook delivery was answered, with what is known of it, in the monitor's delivery log. */
@Component
class WebhookDeliveries {

    private final DeliveryLog log;
    private final Clock clock;

    WebhookDeliveries(DeliveryLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    void finish(DeliveryAttempt attempt, DeliveryOutcome outcome, HttpStatusCode status, String detail) {
        if (attempt.isAuthenticated()) {
            log.record(
                    attempt.monitorId(),
                    new Delivery(
                            clock.instant(),
                            outcome,
                            status.value(),
                            detail,
                            attempt.transition(),
                            attempt.excerpt(),
                            attempt.sender()));
        } else {
            log.recordUnauthenticated(
                    attempt.monitorId(),
                    new Delivery(
                            clock.instant(),
                            outcome,
                            status.value(),
                            detail,
                            attempt.transition(),
                            null,
                            attempt.sender()));
        }
    }
}
