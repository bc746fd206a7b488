package io.cloudroutes.crweb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The body of every API error: a stable machine-readable {@code code}, a sentence for people, and per-field messages
 * when the input was not acceptable.
 *
 * @param code    e.g. {@code validation_failed}, {@code unknown_field}, {@code not_found}, {@code unauthorized}
 * @param message what went wrong and how to fix it
 * @param fields  field path (e.g. {@code settings.url}) to what is wrong with it; empty when not about fields
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, Map<String, String> fields) {

    public ApiError {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static ApiError of(String code, String message) {
        return new ApiError(code, message, Map.of());
    }
}
