package io.cloudroutes.crweb.webhook;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a webhook's JSON body and its text fields, refusing what does not fit with a 400 that names the field. */
final class JsonBody {

    static final int MAX_BYTES = 1024 * 1024;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** The body as a JSON object; 400 when it is empty, too large or not a JSON object. */
    static JsonBody parse(String body) {
        if (body == null || body.isBlank()) {
            throw WebhookException.badPayload("body", "the body is empty; send a JSON object");
        }
        if (body.length() > MAX_BYTES) {
            throw WebhookException.badPayload("body", "the body is larger than 1 MiB");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw WebhookException.badPayload("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw WebhookException.badPayload("body", "the body must be a JSON object");
        }
        return new JsonBody(root);
    }

    static JsonBody of(JsonNode node) {
        return new JsonBody(node);
    }

    JsonNode node() {
        return root;
    }

    /** The text of {@code field}, null when absent or JSON null; 400 when it is not a string. */
    String text(String field) {
        return text(field, field);
    }

    /** As {@link #text(String)}, naming the field {@code path} in errors (e.g. {@code alerts[2].status}). */
    String text(String field, String path) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw WebhookException.badPayload(path, path + " must be a string");
        }
        return value.stringValue();
    }

    /** The text of a field that must be given and not blank. */
    String requiredText(String field, String path, String hint) {
        String value = text(field, path);
        if (value == null || value.isBlank()) {
            throw WebhookException.badPayload(path, path + " is required" + hint);
        }
        return value;
    }

    /** 400 naming the first field that is not in {@code allowed}. */
    void onlyFields(Set<String> allowed, String allowedText) {
        for (String name : root.propertyNames()) {
            if (!allowed.contains(name)) {
                throw WebhookException.badPayload(name, "unknown field '" + name + "'; allowed: " + allowedText);
            }
        }
    }
}
