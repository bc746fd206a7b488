package io.cloudroutes.crweb.api;

import java.util.Map;

/**
 * Query parameters of a read that make no sense together or alone (a range that ends before it starts, an unknown
 * time zone); answered 400 with the message of each offending parameter.
 */
public class InvalidQueryException extends RuntimeException {

    private final Map<String, String> fields;

    public InvalidQueryException(Map<String, String> fields) {
        super("the query has " + fields.size() + " invalid parameter" + (fields.size() == 1 ? "" : "s"));
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
