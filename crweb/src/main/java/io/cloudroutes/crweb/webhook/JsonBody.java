package io.cloudroutes.crweb.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads a webhook's JSON body and its text fields, refusing what does not fit with a 400 that names the field. */
final class JsonBody {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /**
     * The body as a JSON object; 400 when it is empty or not a JSON object. A form-encoded body (Datadog's "Encode as
     * form") is read as an object of its fields.
     */
    static JsonBody parse(byte[] body, String contentType) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw WebhookException.badPayload("body", "the body is empty; send a JSON object");
        }
        if (isForm(contentType)) {
            return new JsonBody(formFields(text));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
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

    /** The text of a field that must be given (it may be empty). */
    String requiredText(String field, String path, String hint) {
        String value = text(field, path);
        if (value == null) {
            throw WebhookException.badPayload(path, path + " is required" + hint);
        }
        return value;
    }

    /** The text of a field that must be given and not blank. */
    String requiredNonBlank(String field, String path, String hint) {
        String value = requiredText(field, path, hint);
        if (value.isBlank()) {
            throw WebhookException.badPayload(path, path + " is required" + hint);
        }
        return value;
    }

    /** The names of the fields that are not in {@code known}, sorted. */
    Set<String> unknownFields(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String name : root.propertyNames()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
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
                throw WebhookException.badPayload(
                        "body",
                        "the form-encoded body has a malformed %-escape; send JSON "
                                + "or encode the fields correctly");
            }
        }
        return fields;
    }
}
