package io.cloudroutes.core.secret;

import io.cloudroutes.core.plugin.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seals and opens the values of a plugin's secret settings in the settings map of one row ({@link SecretScope});
 * other settings pass untouched.
 */
public final class SecretSettings {

    private SecretSettings() {}

    /** The settings with every secret value sealed for the row, for storage; the values given must be plain. */
    public static Map<String, String> seal(
            List<Setting> settings, Map<String, String> values, SecretBox box, SecretScope scope) {
        Map<String, String> sealed = new LinkedHashMap<>(values);
        for (Setting setting : settings) {
            if (setting.secret() && sealed.get(setting.name()) != null) {
                sealed.put(setting.name(), box.seal(scope, setting.name(), sealed.get(setting.name())));
            }
        }
        return sealed;
    }

    /**
     * The settings with every secret value opened, for a check or reaction to use.
     *
     * @throws SecretBox.SecretException when a value is sealed and there is no key here, or it does not open (the
     *                                   message names the setting and what to do)
     */
    public static Map<String, String> open(
            List<Setting> settings, Map<String, String> values, Optional<SecretBox> box, SecretScope scope) {
        Map<String, String> open = new LinkedHashMap<>(values);
        for (Setting setting : settings) {
            String value = open.get(setting.name());
            if (!setting.secret() || !SecretBox.isSealed(value)) {
                continue;
            }
            if (box.isEmpty()) {
                throw new SecretBox.SecretException("the secret setting '" + setting.name() + "' is encrypted and "
                        + "this process has no key: set " + SecretBox.KEY_VARIABLE + " to the key crweb uses");
            }
            open.put(setting.name(), box.get().open(scope, setting.name(), value));
        }
        return open;
    }

    /** The secret settings whose stored value does not open here (another key, altered, copied from elsewhere). */
    public static List<String> unopenable(
            List<Setting> settings, Map<String, String> values, SecretBox box, SecretScope scope) {
        return settings.stream()
                .filter(s -> s.secret()
                        && values.get(s.name()) != null
                        && box.state(scope, s.name(), values.get(s.name())) == SecretBox.State.UNOPENABLE)
                .map(Setting::name)
                .toList();
    }

    /**
     * Whether any secret value that opens is stored in plain text, under a key being rotated out, or not bound to its
     * row yet; a value that does not open is left to {@link #unopenable}.
     */
    public static boolean needsSealing(
            List<Setting> settings, Map<String, String> values, SecretBox box, SecretScope scope) {
        return settings.stream()
                .anyMatch(s -> s.secret()
                        && values.get(s.name()) != null
                        && switch (box.state(scope, s.name(), values.get(s.name()))) {
                            case PLAIN, STALE -> true;
                            case CURRENT, UNOPENABLE -> false;
                        });
    }

    /**
     * The settings with every secret value that opens sealed under the current key and bound to the row; a value
     * that does not open stays as it is, so that nothing is lost and its check or reaction says what is wrong.
     */
    public static Map<String, String> reseal(
            List<Setting> settings, Map<String, String> values, SecretBox box, SecretScope scope) {
        Map<String, String> sealed = new LinkedHashMap<>(values);
        for (Setting setting : settings) {
            String value = sealed.get(setting.name());
            if (setting.secret()
                    && value != null
                    && box.state(scope, setting.name(), value) != SecretBox.State.UNOPENABLE) {
                sealed.put(setting.name(), box.reseal(scope, setting.name(), value));
            }
        }
        return sealed;
    }
}
