package io.cloudroutes.core.plugin;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A plugin's setting values as its configuration reads them ({@link Parsed#read}): trimmed, defaults filled in, and
 * already of their declared types, so that a reader converts without checking again. A value its type refused, or
 * one not given, reads as absent.
 */
public final class SettingValues {

    private final Map<String, String> values;
    private final Map<String, String> errors;

    SettingValues(Map<String, String> values, Map<String, String> errors) {
        this.values = values;
        this.errors = errors;
    }

    /** The value as given (trimmed unless it spans lines), or null when absent. */
    public String text(String name) {
        return errors.containsKey(name) ? null : values.get(name);
    }

    /** The value, or {@code absent} when there is none. */
    public String text(String name, String absent) {
        String value = text(name);
        return value == null ? absent : value;
    }

    public boolean has(String name) {
        return text(name) != null;
    }

    /** A whole-number value, or null when absent. */
    public Long number(String name) {
        String value = text(name);
        return value == null ? null : Long.valueOf(value.trim());
    }

    /** A whole-number value, or {@code absent}. */
    public int integer(String name, int absent) {
        Long value = number(name);
        return value == null ? absent : Math.toIntExact(value);
    }

    /** A true/false value; absent is false. */
    public boolean bool(String name) {
        return Boolean.parseBoolean(text(name));
    }

    /** The non-blank lines of a value, trimmed; empty when absent. */
    public List<String> lines(String name) {
        String value = text(name);
        return value == null
                ? List.of()
                : value.lines()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty())
                        .toList();
    }

    /** The non-blank items of a comma-separated value, trimmed; empty when absent. */
    public List<String> commaSeparated(String name) {
        String value = text(name);
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(item -> !item.isEmpty())
                        .toList();
    }

    /**
     * Records an error of this setting that only the type can find, unless its declared type already refused it; the
     * settings are then refused with it.
     */
    public void reject(String name, String message) {
        errors.putIfAbsent(name, message);
    }

    /** Whether an error has been found so far (by the declared types or by {@link #reject}). */
    public boolean anyRejected() {
        return !errors.isEmpty();
    }
}
