package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.checks.push.UrlWebhook;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import io.cloudroutes.crweb.push.PushRoutes;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives the webhooks of every pushed check type at the paths their routes claim ({@link PushRoutes}): the type
 * reads the delivery, and this controller does what is the same for all of them: the secret, the body limit, the
 * delivery log, appending the result (once per sender's delivery id) and the answer. A result is answered 2xx only
 * once Redis holds it.
 */
@RestController
class WebhookController {

    private final PushRoutes routes;
    private final WebhookIntake intake;
    private final WebhookGate gate;
    private final ResultLog results;
    private final WebhookDeliveries deliveries;
    private final Clock clock = Clock.systemUTC();

    WebhookController(
            PushRoutes routes,
            WebhookIntake intake,
            WebhookGate gate,
            ResultLog results,
            WebhookDeliveries deliveries) {
        this.routes = routes;
        this.intake = intake;
        this.gate = gate;
        this.results = results;
        this.deliveries = deliveries;
    }

    @Requires(Permission.PUBLIC)
    @PostMapping(PushRoute.WEBHOOKS + "{path}/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(
            @PathVariable String path, @PathVariable String monitorId, HttpServletRequest request) throws IOException {
        PushRoutes.Owned<JsonWebhook> owned = routes.json(path).orElseThrow(() -> noEndpoint(request));
        WebhookIntake.Admitted admitted = intake.admit(
                request, monitorId(monitorId), owned.typeId(), owned.route().secretPlace());
        Delivery delivery =
                new Delivery(admitted.attempt(), admitted.monitor().getSettings(), admitted.body(), null, Map.of());
        return answer(owned.typeId(), delivery, owned.route().reader(), request);
    }

    @Requires(Permission.PUBLIC)
    @GetMapping(PushRoute.WEBHOOKS + "{path}/{monitorId}/{secret}/{value}")
    ResponseEntity<WebhookAnswer> receiveByUrl(
            @PathVariable String path,
            @PathVariable String monitorId,
            @PathVariable String secret,
            @PathVariable String value,
            HttpServletRequest request) {
        PushRoutes.Owned<UrlWebhook> owned = routes.byUrl(path).orElseThrow(() -> noEndpoint(request));
        UrlWebhook route = owned.route();
        DeliveryAttempt attempt = DeliveryAttempt.begin(request, monitorId(monitorId));
        Monitor monitor = gate.admit(
                attempt,
                secret,
                owned.typeId(),
                "in the URL: " + PushRoute.WEBHOOKS + path + "/{monitorId}/{secret}/{" + route.valueName() + "}");
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                query.put(name, values[0]);
            }
        });
        Delivery delivery = new Delivery(attempt, monitor.getSettings(), JsonPayload.empty(), value, query);
        return answer(owned.typeId(), delivery, route.reader(), request);
    }

    private ResponseEntity<WebhookAnswer> answer(
            String typeId, Delivery delivery, PushRoute.Reader reader, HttpServletRequest request) {
        DeliveryAttempt attempt = delivery.attempt();
        long monitorId = attempt.monitorId();
        return switch (reader.read(delivery)) {
            case PushVerdict.Record record -> append(typeId, attempt, record);
            case PushVerdict.FoldAlerts fold -> fold(typeId, attempt, fold);
            case PushVerdict.Ignored ignored -> {
                deliveries.finish(attempt, DeliveryOutcome.IGNORED, HttpStatus.OK, ignored.why());
                yield ResponseEntity.ok(WebhookAnswer.ignored(ignored.why() + "; nothing was recorded"));
            }
            case PushVerdict.Unrecognized unknown -> {
                deliveries.finish(
                        attempt, DeliveryOutcome.UNRECOGNIZED, HttpStatus.OK, withNote(unknown.why(), unknown.note()));
                yield ResponseEntity.ok(
                        WebhookAnswer.unrecognized(unknown.why()).noting(unknown.note()));
            }
            case PushVerdict.NotServed notServed -> throw noEndpoint(request);
        };
    }

    private ResponseEntity<WebhookAnswer> append(String typeId, DeliveryAttempt attempt, PushVerdict.Record record) {
        String deliveryId = record.deliveryId() == null ? ResultIds.newDelivery() : record.deliveryId();
        CheckResult result = CheckResult.pushed(
                typeId, attempt.monitorId(), deliveryId, record.status(), record.reason(), clock.millis());
        if (record.deliveryId() == null) {
            results.append(result);
        } else if (!results.appendOnce(deliveryId, result)) {
            String why = "delivery " + deliveryId + " was recorded before; nothing was recorded again";
            deliveries.finish(attempt, DeliveryOutcome.DUPLICATE, HttpStatus.OK, why);
            return ResponseEntity.ok(WebhookAnswer.duplicate(why));
        }
        deliveries.finish(
                attempt,
                DeliveryOutcome.ACCEPTED,
                HttpStatus.ACCEPTED,
                withNote(record.status() + ": " + record.reason(), record.note()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(record.status().name(), result.resultId(), record.reason())
                        .noting(record.note()));
    }

    private ResponseEntity<WebhookAnswer> fold(String typeId, DeliveryAttempt attempt, PushVerdict.FoldAlerts fold) {
        long now = clock.millis();
        // one result or the other is appended, whichever the alerts firing make it: both name this notification
        String notification = ResultIds.newDelivery();
        CheckResult failed = CheckResult.pushed(typeId, attempt.monitorId(), notification, Status.FAILED, "", now);
        CheckResult healthy = CheckResult.pushed(
                typeId, attempt.monitorId(), notification, Status.HEALTHY, fold.healthyReason(), now);
        ResultLog.AlertsFolded folded = results.foldAlerts(attempt.monitorId(), fold.changes(), failed, healthy);
        String reason = folded.status() == Status.FAILED ? folded.reason() : healthy.reason();
        deliveries.finish(
                attempt,
                DeliveryOutcome.ACCEPTED,
                HttpStatus.ACCEPTED,
                withNote(folded.status() + ": " + reason, fold.note()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(folded.status().name(), failed.resultId(), reason)
                        .noting(fold.note()));
    }

    private static String withNote(String detail, String note) {
        return note.isEmpty() ? detail : detail + "; " + note;
    }

    /** The monitor id of the path: a number, as its page shows it. */
    private static long monitorId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            String message = "monitorId must be a number, the monitor id shown on the monitor's page";
            throw new WebhookException(
                    HttpStatus.BAD_REQUEST, "invalid_request", message, Map.of("monitorId", message));
        }
    }

    /** A path no installed type claims: the API's answer for an unknown endpoint. */
    private static WebhookException noEndpoint(HttpServletRequest request) {
        return new WebhookException(
                HttpStatus.NOT_FOUND,
                "not_found",
                "no API endpoint at " + request.getRequestURI() + "; see /api/v1/openapi.json",
                Map.of());
    }

    /** One delivery as the type's reader sees it; what it reports goes to the delivery log. */
    private record Delivery(
            DeliveryAttempt attempt,
            Map<String, String> settings,
            JsonPayload payload,
            String pathValue,
            Map<String, String> queryParameters)
            implements PushDelivery {

        @Override
        public long monitorId() {
            return attempt.monitorId();
        }

        @Override
        public String query(String name) {
            return queryParameters.get(name);
        }

        @Override
        public void reported(String what) {
            attempt.transition(what);
        }
    }
}
