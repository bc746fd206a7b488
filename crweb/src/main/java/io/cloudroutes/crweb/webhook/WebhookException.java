package io.cloudroutes.crweb.webhook;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request a webhook endpoint refuses, with the status, a stable code and field-level details for the answer. */
class WebhookException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, String> fields;

    WebhookException(HttpStatus status, String code, String message, Map<String, String> fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
    }

    static WebhookException badPayload(String field, String message) {
        return new WebhookException(HttpStatus.BAD_REQUEST, "invalid_payload", message, Map.of(field, message));
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> fields() {
        return fields;
    }
}
