package io.cloudroutes.checks.push;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A webhook's body as a JSON object, and its text fields: what does not fit is refused with a {@link PayloadException}
 * that names the field.
 */
public final class JsonPayload {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode root;

    private JsonPayload(JsonNode root) {
        this.root = root;
    }

    /**
     * The body as a JSON object; refused when it is empty or not a JSON object. A form-encoded body (Datadog's "Encode
     * as form") is read as an object of its fields.
     */
    public static JsonPayload parse(String text, boolean formEncoded) {
        if (text.isBlank()) {
            throw refused("body", "the body is empty; send a JSON object");
        }
        if (formEncoded) {
            return new JsonPayload(formFields(text));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw refused("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw refused("body", "the body must be a JSON object");
        }
        return new JsonPayload(root);
    }

    public static JsonPayload of(JsonNode node) {
        return new JsonPayload(node);
    }

    public JsonNode node() {
        return root;
    }

    /** The text of {@code field}, null when absent or JSON null; refused when it is not a string. */
    public String text(String field) {
        return text(field, field);
    }

    /** As {@link #text(String)}, naming the field {@code path} in errors (e.g. {@code alerts[2].status}). */
    public String text(String field, String path) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw refused(path, path + " must be a string");
        }
        return value.stringValue();
    }

    /** The text of a field that must be given (it may be empty). */
    public String requiredText(String field, String path, String hint) {
        String value = text(field, path);
        if (value == null) {
            throw refused(path, path + " is required" + hint);
        }
        return value;
    }

    /** The text of a field that must be given and not blank. */
    public String requiredNonBlank(String field, String path, String hint) {
        String value = requiredText(field, path, hint);
        if (value.isBlank()) {
            throw refused(path, path + " is required" + hint);
        }
        return value;
    }

    /** The names of the fields that are not in {@code known}, sorted. */
    public Set<String> unknownFields(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String name : root.propertyNames()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static ObjectNode formFields(String text) {
        ObjectNode fields = MAPPER.createObjectNode();
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.put(name, value);
            } catch (IllegalArgumentException e) {
                throw refused(
                        "body",
                        "the form-encoded body has a malformed %-escape; send JSON "
                                + "or encode the fields correctly");
            }
        }
        return fields;
    }

    /** The empty object: the payload of deliveries that have no body. */
    public static JsonPayload empty() {
        return new JsonPayload(MAPPER.createObjectNode());
    }

    private static PayloadException refused(String field, String message) {
        return new PayloadException(field, message);
    }
}
