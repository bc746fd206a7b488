package io.cloudroutes.core.message;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Encodes the wire messages as JSON; the one format used on ZeroMQ, in Redis and in settings columns. */
public final class MessageCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private MessageCodec() {}

    public static String toJson(Object message) {
        return MAPPER.writeValueAsString(message);
    }

    public static byte[] toBytes(Object message) {
        return toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a message; throws {@link MalformedMessageException} naming the type when the JSON does not fit. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T fromBytes(byte[] json, Class<T> type) {
        return fromJson(new String(json, StandardCharsets.UTF_8), type);
    }

    public static String mapToJson(Map<String, String> map) {
        return MAPPER.writeValueAsString(map);
    }

    public static Map<String, String> mapFromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JacksonException e) {
            throw new MalformedMessageException("not a JSON object of strings: " + e.getMessage(), e);
        }
    }

    /** A message that could not be decoded; callers log and drop it rather than crash their loop. */
    public static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
