package io.cloudroutes.core.plugin;

import io.cloudroutes.core.secret.SecretBox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks setting values against the declared {@link Setting}s and fills in defaults. */
public final class Settings {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9._:-]+$");

    private Settings() {}

    /**
     * Field-level errors for {@code values}: unknown keys, values past their length or in the form of a sealed secret
     * (see {@link #limitProblems}), missing required values, values of the wrong type. An empty map means the values
     * are acceptable to the declared types; plugins add their own rules on top.
     */
    public static Map<String, String> validate(List<Setting> declared, Map<String, String> values) {
        Map<String, String> errors = limitProblems(declared, values);
        for (Setting setting : declared) {
            String value = values.get(setting.name());
            if (errors.containsKey(setting.name())) {
                continue;
            }
            if (value == null || value.isBlank()) {
                if (setting.required() && setting.defaultValue() == null) {
                    errors.put(setting.name(), setting.label() + " is required");
                }
                continue;
            }
            String problem = typeProblem(setting, value.trim());
            if (problem != null) {
                errors.put(setting.name(), problem);
            }
        }
        return errors;
    }

    /**
     * The errors of values as a person or client sent them for {@code type}: the {@linkplain #limitProblems limits}
     * first, and a value past them is not handed to the type's own rules at all (a 1 MB template is not compiled to be
     * refused), then {@link PluginType#validate} for the rest.
     */
    public static Map<String, String> check(PluginType type, Map<String, String> values) {
        Map<String, String> limits = limitProblems(type.settings(), values);
        Map<String, String> within = new LinkedHashMap<>(values);
        within.keySet().removeAll(limits.keySet());
        Map<String, String> errors = new LinkedHashMap<>(type.validate(within));
        errors.putAll(limits);
        return errors;
    }

    /**
     * What no value may be, whatever its type: a key the type does not declare, longer than its setting's
     * {@link Setting#maxLength()} (a line break counts as one character, as a browser counts it), or starting like a
     * sealed secret ({@link SecretBox#isSealed}). A person types plain values, which are sealed when stored; a
     * sealed value taken from another row or setting must never be stored as if this one had sealed it.
     */
    public static Map<String, String> limitProblems(List<Setting> declared, Map<String, String> values) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            Setting setting = declared.stream()
                    .filter(s -> s.name().equals(key))
                    .findFirst()
                    .orElse(null);
            String value = entry.getValue();
            if (setting == null) {
                errors.put(
                        key,
                        "unknown setting '" + shortened(key) + "'; allowed: "
                                + String.join(
                                        ", ",
                                        declared.stream().map(Setting::name).toList()));
            } else if (value != null && length(value) > setting.maxLength()) {
                errors.put(
                        key,
                        setting.label() + " is too long: at most " + setting.maxLength() + " characters, this one has "
                                + length(value));
            } else if (value != null && SecretBox.isSealed(value.strip())) {
                errors.put(
                        key,
                        setting.label() + " starts with '" + SecretBox.sealedPrefixOf(value.strip())
                                + "', which marks a value CloudRoutes encrypted: type the plain value (it is encrypted when "
                                + "stored); an encrypted value cannot be copied from one setting or monitor to another");
            }
        }
        return errors;
    }

    /** Characters as a browser counts them for {@code maxlength}: a CR LF line break is one. */
    static int length(String value) {
        int length = value.length();
        for (int i = value.indexOf("\r\n"); i >= 0; i = value.indexOf("\r\n", i + 2)) {
            length--;
        }
        return length;
    }

    private static String shortened(String key) {
        return key.length() <= 60 ? key : key.substring(0, 60) + "…";
    }

    /** The values with blanks removed, strings trimmed and defaults filled in for what was not given. */
    public static Map<String, String> withDefaults(List<Setting> declared, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Setting setting : declared) {
            String value = values.get(setting.name());
            if (value != null && !value.isBlank()) {
                result.put(
                        setting.name(),
                        setting.type() == SettingType.TEXTAREA || setting.type() == SettingType.HEADERS
                                ? value
                                : value.trim());
            } else if (setting.defaultValue() != null) {
                result.put(setting.name(), setting.defaultValue());
            }
        }
        return result;
    }

    private static String typeProblem(Setting setting, String value) {
        return switch (setting.type()) {
            case TEXT, TEXTAREA -> null;
            case HEADERS -> {
                String problem = HeaderLines.problem(value);
                yield problem == null ? null : setting.label() + ": " + problem;
            }
            case URL -> HttpUrls.problem(setting.label(), value, setting.secret());
            case HOST ->
                HOST.matcher(value).matches()
                        ? null
                        : setting.label()
                                + " must be a host name or IP address without scheme or path, e.g. db.example.com";
            case INTEGER -> integerProblem(setting, value);
            case BOOLEAN ->
                value.equals("true") || value.equals("false") ? null : setting.label() + " must be true or false";
            case EMAIL ->
                List.of(value.split(",")).stream()
                                .allMatch(a -> EMAIL.matcher(a.trim()).matches())
                        ? null
                        : setting.label() + " must be an email address (several separated by commas)";
            case CHOICE ->
                setting.options().contains(value)
                        ? null
                        : setting.label() + " must be one of " + String.join(", ", setting.options());
        };
    }

    private static String integerProblem(Setting setting, String value) {
        try {
            long number = Long.parseLong(value);
            if (number < setting.min() || number > setting.max()) {
                return setting.label() + " must be between " + setting.min() + " and " + setting.max();
            }
            return null;
        } catch (NumberFormatException e) {
            return setting.label() + " must be a whole number";
        }
    }
}
