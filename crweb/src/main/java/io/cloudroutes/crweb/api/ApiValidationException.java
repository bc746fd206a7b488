package io.cloudroutes.crweb.api;

import io.cloudroutes.crweb.system.FieldProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input that was read but is not acceptable; answered 422 with the message of each offending field. */
public class ApiValidationException extends RuntimeException {

    private final Map<String, String> fields;

    public ApiValidationException(Map<String, String> fields) {
        super("the request has " + fields.size() + " invalid field" + (fields.size() == 1 ? "" : "s"));
        this.fields = Map.copyOf(fields);
    }

    /**
     * The field errors the UI's validation found, under the names the API uses: {@code settings[url]} becomes
     * {@code settings.url}, and form names are renamed through {@code apiNames}.
     */
    public static ApiValidationException from(List<FieldProblem> problems, Map<String, String> apiNames) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldProblem problem : problems) {
            String field = problem.field();
            if (field.startsWith("settings[") && field.endsWith("]")) {
                field = "settings." + field.substring(9, field.length() - 1);
            }
            fields.putIfAbsent(apiNames.getOrDefault(field, field), problem.message());
        }
        return new ApiValidationException(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
