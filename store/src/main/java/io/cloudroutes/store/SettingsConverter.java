package io.cloudroutes.store;

import io.cloudroutes.core.message.MessageCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stores plugin settings as a JSON object in a text column. */
@Converter
public class SettingsConverter implements AttributeConverter<Map<String, String>, String> {

    @Override
    public String convertToDatabaseColumn(Map<String, String> settings) {
        return MessageCodec.mapToJson(settings == null ? Map.of() : settings);
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String json) {
        return new LinkedHashMap<>(MessageCodec.mapFromJson(json));
    }
}
