package io.cloudroutes.crweb.webhook;

import io.lettuce.core.RedisException;
import io.cloudroutes.crweb.api.ApiError;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns what the webhook endpoints refuse into JSON answers {@code {"code","message","fields"}}. Redis being away is a
 * 503 with Retry-After, so the sender retries: a webhook is answered 2xx only once its result is stored.
 */
@RestControllerAdvice(basePackageClasses = WebhookErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before the API's general handler, which also covers these controllers
class WebhookErrors {

    private static final Logger log = LoggerFactory.getLogger(WebhookErrors.class);

    @ExceptionHandler(WebhookException.class)
    ResponseEntity<ApiError> refused(WebhookException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.code(), e.getMessage(), e.fields()));
    }

    @ExceptionHandler(RedisException.class)
    ResponseEntity<ApiError> redisUnavailable(RedisException e) {
        log.warn("webhook refused with 503, its result could not be appended to the results stream error={}",
                e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(new ApiError("unavailable", "the result could not be stored: Redis is unreachable or refused "
                        + "the write; nothing was recorded, send it again later", Map.of()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> badPathVariable(MethodArgumentTypeMismatchException e) {
        String message = e.getName() + " must be a number, the monitor id shown on the monitor's page";
        return ResponseEntity.badRequest().body(new ApiError("invalid_request", message,
                Map.of(e.getName(), message)));
    }
}
