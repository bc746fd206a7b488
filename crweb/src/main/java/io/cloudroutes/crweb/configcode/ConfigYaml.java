package io.cloudroutes.crweb.configcode;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Reads and writes configuration documents as YAML. Reading is plain data only: a document over {@link #MAX_BYTES},
 * with anchors or aliases (the "billion laughs" expansion) or explicit tags, or with fields the format does not have,
 * is refused with where and what, before anything is looked at.
 */
final class ConfigYaml {

    /** The largest document read: far more than a team's configuration needs, far less than the request limit. */
    static final int MAX_BYTES = 512 * 1024;

    /** The most YAML events (scalars, lists, maps) one document may have. */
    private static final int MAX_EVENTS = 200_000;

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                    .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                    .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
                    .loadSettings(LoadSettings.builder()
                            .setMaxAliasesForCollections(0)
                            .setAllowDuplicateKeys(false)
                            .setCodePointLimit(MAX_BYTES)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private ConfigYaml() {}

    static String write(ConfigDocument document) {
        return MAPPER.writeValueAsString(document);
    }

    /** The document as a tree, to compare items field by field. */
    static JsonNode tree(Object item) {
        return MAPPER.valueToTree(item);
    }

    /** A document sent as JSON, written as YAML so that it is read by exactly the same rules. */
    static String fromTree(JsonNode document) {
        return MAPPER.writeValueAsString(document);
    }

    /** The document in {@code text}, or {@link ConfigRefused} saying where it is not one. */
    static ConfigDocument read(String text) {
        if (text == null || text.isBlank()) {
            throw ConfigRefused.of("document", "the document is empty: paste or upload a YAML export");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw ConfigRefused.of(
                    "document",
                    "the document is " + (bytes / 1024) + " KiB; at most " + (MAX_BYTES / 1024)
                            + " KiB are read: split the configuration or leave out what does not change");
        }
        plainDataOnly(text);
        try {
            ConfigDocument document = MAPPER.readValue(text, ConfigDocument.class);
            if (document == null) {
                throw ConfigRefused.of("document", "the document is empty: paste or upload a YAML export");
            }
            return document;
        } catch (UnrecognizedPropertyException e) {
            throw ConfigRefused.of(
                    path(e),
                    "unknown field '" + e.getPropertyName() + "'; the fields here are "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toList()));
        } catch (MismatchedInputException e) {
            throw ConfigRefused.of(path(e), "expected " + kind(e.getTargetType()) + " here");
        } catch (JacksonException e) {
            throw ConfigRefused.of(
                    path(e), "not a configuration document (line " + line(e) + "): check the indentation and quoting");
        }
    }

    /**
     * Refuses what would make reading costly or reach beyond data: anchors and aliases, explicit tags, too many
     * nodes; and malformed YAML, naming the line.
     */
    private static void plainDataOnly(String text) {
        Parse parse = new Parse(LoadSettings.builder()
                .setMaxAliasesForCollections(0)
                .setCodePointLimit(MAX_BYTES)
                .build());
        int events = 0;
        try {
            for (Event event : parse.parseString(text)) {
                if (++events > MAX_EVENTS) {
                    throw ConfigRefused.of(
                            "document", "the document has too many entries (at most " + MAX_EVENTS + ")");
                }
                String at = "document (line "
                        + (event.getStartMark().map(m -> m.getLine() + 1).orElse(0)) + ")";
                if (event instanceof AliasEvent
                        || (event instanceof NodeEvent node && node.getAnchor().isPresent())) {
                    throw ConfigRefused.of(at, "anchors and aliases (&name, *name) are not read: write the values out");
                }
                if ((event instanceof ScalarEvent scalar && scalar.getTag().isPresent())
                        || (event instanceof CollectionStartEvent start
                                && start.getTag().isPresent())) {
                    throw ConfigRefused.of(at, "tags (!name, !!type) are not read: write plain values");
                }
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw ConfigRefused.of(
                    "document (line " + line + ")",
                    "not valid YAML: " + e.getProblem() + "; check the indentation and quoting");
        } catch (YamlEngineException e) {
            throw ConfigRefused.of("document", "not valid YAML: check the indentation and quoting");
        }
    }

    /** Where in the document, e.g. {@code monitors[2].intervalSeconds}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "document" : path.toString();
    }

    private static int line(JacksonException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list (lines starting with '- ')";
        }
        if (type.isEnum()) {
            return "one of "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(type.getEnumConstants())
                                    .map(c -> c.toString().toUpperCase(Locale.ROOT))
                                    .toList());
        }
        return "a map of fields";
    }
}
