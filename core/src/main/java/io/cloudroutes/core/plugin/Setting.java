package io.cloudroutes.core.plugin;

import java.util.List;

/**
 * One typed setting that a check or reaction plugin declares; the UI draws its form from these and the API and UI
 * validate input against them.
 *
 * @param name         the key in the settings map
 * @param label        what the form shows
 * @param type         the kind of value
 * @param required     whether a value must be given
 * @param defaultValue used when no value is given (may be null)
 * @param secret       never shown back in full
 * @param help         one sentence under the field
 * @param options      allowed values for {@link SettingType#CHOICE}
 * @param min          lowest allowed value for {@link SettingType#INTEGER}
 * @param max          highest allowed value for {@link SettingType#INTEGER}
 * @param maxLength    the most characters a value may have (a line break counts as one, as in a browser's text
 *                     area); {@link SettingType#defaultMaxLength()} unless the setting declares its own
 */
public record Setting(
        String name,
        String label,
        SettingType type,
        boolean required,
        String defaultValue,
        boolean secret,
        String help,
        List<String> options,
        long min,
        long max,
        int maxLength) {

    public Setting {
        options = List.copyOf(options);
        help = help == null ? "" : help;
        if (maxLength < 1) {
            throw new IllegalArgumentException("the setting '" + name + "' must allow at least one character");
        }
    }

    public static Setting of(String name, String label, SettingType type) {
        return new Setting(
                name,
                label,
                type,
                false,
                null,
                false,
                "",
                List.of(),
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                type.defaultMaxLength());
    }

    public Setting asRequired() {
        return new Setting(name, label, type, true, defaultValue, secret, help, options, min, max, maxLength);
    }

    public Setting withDefault(String value) {
        return new Setting(name, label, type, required, value, secret, help, options, min, max, maxLength);
    }

    public Setting asSecret() {
        return new Setting(name, label, type, required, defaultValue, true, help, options, min, max, maxLength);
    }

    public Setting help(String text) {
        return new Setting(name, label, type, required, defaultValue, secret, text, options, min, max, maxLength);
    }

    public Setting options(String... values) {
        return new Setting(
                name, label, type, required, defaultValue, secret, help, List.of(values), min, max, maxLength);
    }

    public Setting range(long lowest, long highest) {
        return new Setting(
                name, label, type, required, defaultValue, secret, help, options, lowest, highest, maxLength);
    }

    /** A limit of its own instead of the type's {@link SettingType#defaultMaxLength()}. */
    public Setting maxLength(int characters) {
        return new Setting(name, label, type, required, defaultValue, secret, help, options, min, max, characters);
    }
}
