package io.cloudroutes.core.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks setting values against the declared {@link Setting}s and fills in defaults. */
public final class Settings {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9._:-]+$");

    private Settings() {
    }

    /**
     * Field-level errors for {@code values}: missing required values, values of the wrong type, unknown keys.
     * An empty map means the values are acceptable to the declared types; plugins add their own rules on top.
     */
    public static Map<String, String> validate(List<Setting> declared, Map<String, String> values) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            if (declared.stream().noneMatch(s -> s.name().equals(key))) {
                errors.put(key, "unknown setting '" + key + "'; allowed: "
                        + String.join(", ", declared.stream().map(Setting::name).toList()));
            }
        }
        for (Setting setting : declared) {
            String value = values.get(setting.name());
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

    /** The values with blanks removed, strings trimmed and defaults filled in for what was not given. */
    public static Map<String, String> withDefaults(List<Setting> declared, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Setting setting : declared) {
            String value = values.get(setting.name());
            if (value != null && !value.isBlank()) {
                result.put(setting.name(), setting.type() == SettingType.TEXTAREA || setting.type() == SettingType.HEADERS
                        ? value : value.trim());
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
            case HOST -> HOST.matcher(value).matches() ? null
                    : setting.label() + " must be a host name or IP address without scheme or path, e.g. db.example.com";
            case INTEGER -> integerProblem(setting, value);
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null
                    : setting.label() + " must be true or false";
            case EMAIL -> List.of(value.split(",")).stream().allMatch(a -> EMAIL.matcher(a.trim()).matches()) ? null
                    : setting.label() + " must be an email address (several separated by commas)";
            case CHOICE -> setting.options().contains(value) ? null
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
