package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.limit.BodyTooLargeException;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import io.lettuce.core.RedisException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns what the webhook endpoints refuse into JSON answers {@code {"code","message","fields"}}, and logs each refusal
 * in the monitor's delivery log. Redis being away is a 503 with Retry-After, so the sender retries: a webhook is
 * answered 2xx only once its result is stored.
 */
@RestControllerAdvice(basePackageClasses = WebhookErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before the API's general handler, which also covers these controllers
class WebhookErrors {

    private static final Logger log = LoggerFactory.getLogger(WebhookErrors.class);

    private final WebhookDeliveries deliveries;

    WebhookErrors(WebhookDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @ExceptionHandler(WebhookException.class)
    ResponseEntity<ApiError> refused(WebhookException e, HttpServletRequest request) {
        return refuse(request, e.status(), new ApiError(e.code(), e.getMessage(), e.fields()));
    }

    @ExceptionHandler(PayloadException.class)
    ResponseEntity<ApiError> unreadable(PayloadException e, HttpServletRequest request) {
        return refused(WebhookException.badPayload(e.field(), e.getMessage()), request);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ApiError> tooLarge(BodyTooLargeException e, HttpServletRequest request) {
        // Tomcat closes the connection after a 413: the rest of the body is never read.
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(logged(request, HttpStatus.CONTENT_TOO_LARGE, e.toApiError()));
    }

    @ExceptionHandler(RedisException.class)
    ResponseEntity<ApiError> redisUnavailable(RedisException e, HttpServletRequest request) {
        log.warn(
                "webhook refused with 503, its result could not be appended to the results stream error={}",
                e.toString());
        ApiError error = new ApiError(
                "unavailable",
                "the result could not be stored: Redis is unreachable or refused "
                        + "the write; nothing was recorded, send it again later",
                Map.of());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .body(logged(request, HttpStatus.SERVICE_UNAVAILABLE, error));
    }

    @ExceptionHandler(ReplicaAckException.class)
    ResponseEntity<ApiError> notReplicated(ReplicaAckException e, HttpServletRequest request) {
        log.warn(
                "webhook refused with 503, its result reached the Redis primary but no replica in time error={}",
                e.getMessage());
        ApiError error = new ApiError(
                "unavailable",
                "the result could not be stored safely: " + e.getMessage()
                        + "; send it again (a delivery id already recorded is not counted twice)",
                Map.of());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(logged(request, HttpStatus.SERVICE_UNAVAILABLE, error));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> badPathVariable(MethodArgumentTypeMismatchException e) {
        String message = e.getName() + " must be a number, the monitor id shown on the monitor's page";
        return ResponseEntity.badRequest().body(new ApiError("invalid_request", message, Map.of(e.getName(), message)));
    }

    private ResponseEntity<ApiError> refuse(HttpServletRequest request, HttpStatusCode status, ApiError error) {
        return ResponseEntity.status(status).body(logged(request, status, error));
    }

    private ApiError logged(HttpServletRequest request, HttpStatusCode status, ApiError error) {
        DeliveryAttempt.of(request)
                .ifPresent(attempt -> deliveries.finish(
                        attempt, DeliveryOutcome.REFUSED, status, error.code() + ": " + error.message()));
        return error;
    }
}
