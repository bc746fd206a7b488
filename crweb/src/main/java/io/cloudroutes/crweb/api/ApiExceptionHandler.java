package io.cloudroutes.crweb.api;

import io.cloudroutes.crweb.limit.BodyTooLargeException;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.system.DatabaseOutage;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.ForbiddenException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure of an API request into an {@link ApiError} JSON body with the right status. */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final DatabaseOutage databaseOutage;

    ApiExceptionHandler(DatabaseOutage databaseOutage) {
        this.databaseOutage = databaseOutage;
    }

    @ExceptionHandler(ApiValidationException.class)
    ResponseEntity<ApiError> invalid(ApiValidationException e) {
        return ResponseEntity.unprocessableContent()
                .body(new ApiError(
                        "validation_failed",
                        "the request was read but some fields are not acceptable; nothing was changed",
                        e.fields()));
    }

    /** The body of {@link ItemErrors}: {@link ApiError}'s code and message, the errors item by item. */
    record ItemErrorsBody(String code, String message, List<ItemErrors.ItemError> errors) {}

    @ExceptionHandler(ItemErrors.class)
    ResponseEntity<ItemErrorsBody> invalidItems(ItemErrors e) {
        return ResponseEntity.unprocessableContent()
                .body(new ItemErrorsBody(
                        "validation_failed",
                        "the request was "
                                + "read but some items are not acceptable (each error names its item's index, from 0); nothing was "
                                + "created",
                        e.errors()));
    }

    /** A count (monitors, reactions, keys) is 403 until one is freed; a rate is 429 with when to try again. */
    @ExceptionHandler(QuotaExceededException.class)
    ResponseEntity<ApiError> overQuota(QuotaExceededException e) {
        ApiError error =
                new ApiError("quota_exceeded", e.getMessage() + "; nothing was changed", Map.of("quota", e.setting()));
        if (!e.isRate()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(error);
        }
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)))
                .body(error);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("not_found", e.getMessage()));
    }

    /** The member's role does not allow it: the message names the role that would. */
    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ApiError> forbidden(ForbiddenException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ApiError.of("forbidden", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ResponseEntity.badRequest()
                    .body(new ApiError(
                            "unknown_field",
                            "'" + field + "' is not a field of this request; accepted fields: "
                                    + unknown.getKnownPropertyIds(),
                            Map.of(field, "unknown field")));
        }
        if (cause instanceof InvalidFormatException format) {
            String field = path(format);
            return ResponseEntity.badRequest()
                    .body(new ApiError(
                            "invalid_value",
                            "'" + field + "' has a value of the " + "wrong kind: " + format.getValue(),
                            Map.of(field, expected(format.getTargetType()))));
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return ResponseEntity.badRequest()
                    .body(new ApiError(
                            "invalid_value",
                            "'" + field + "' has a value of the wrong kind",
                            Map.of(field, expected(mismatch.getTargetType()))));
        }
        String detail = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : "no body";
        return ResponseEntity.badRequest()
                .body(ApiError.of(
                        "malformed_json", "the request body is not the JSON this endpoint expects: " + detail));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> badParameter(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(new ApiError(
                        "invalid_value",
                        "'" + e.getName() + "' has the wrong " + "kind of value: " + e.getValue(),
                        Map.of(e.getName(), expected(e.getRequiredType()))));
    }

    /** What a field takes: the values of an enum by name (so a client sees what to send), else the type. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "expected a value of another kind";
        }
        if (type.isEnum()) {
            return "expected one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(value -> ((Enum<?>) value).name())
                            .collect(Collectors.joining(", "));
        }
        return "expected a value of type " + type.getSimpleName();
    }

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ApiError> invalidQuery(InvalidQueryException e) {
        return ResponseEntity.badRequest()
                .body(new ApiError("invalid_query", "some query parameters are not acceptable", e.fields()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest()
                .body(new ApiError(
                        "missing_parameter",
                        "the parameter '" + e.getParameterName() + "' is required",
                        Map.of(e.getParameterName(), "required")));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> withStatus(ResponseStatusException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return ResponseEntity.status(status)
                .body(ApiError.of(
                        status.name().toLowerCase(java.util.Locale.ROOT),
                        e.getReason() == null ? status.getReasonPhrase() : e.getReason()));
    }

    /** A body that passed the limit while it was read (the filters refuse most before); nothing of it was used. */
    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ApiError> tooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(e.toApiError());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        // PostgreSQL unreachable or stalled: the client may retry soon, as it would after any 503
        if (databaseOutage.record(e)) {
            log.warn("API request answered 503, the database cannot be reached error={}", e.toString());
            databaseOutage.answeredUnavailable();
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.retryAfterHeader())
                    .body(DatabaseOutage.apiError());
        }
        log.error("API request failed error={}", e.toString(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiError.of(
                        "internal_error",
                        "the server could not complete the request; nothing was changed if it was a write, try again"));
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(reference -> {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.isEmpty() ? "body" : path.toString();
    }
}
