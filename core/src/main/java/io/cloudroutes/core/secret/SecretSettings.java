package io.cloudroutes.core.secret;

import io.cloudroutes.core.plugin.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Seals and opens the values of a plugin's secret settings in a settings map; other settings pass untouched. */
public final class SecretSettings {

    private SecretSettings() {
    }

    /** The settings with every secret value sealed, for storage. */
    public static Map<String, String> seal(List<Setting> settings, Map<String, String> values, SecretBox box) {
        Map<String, String> sealed = new LinkedHashMap<>(values);
        for (Setting setting : settings) {
            if (setting.secret() && sealed.get(setting.name()) != null) {
                sealed.put(setting.name(), box.seal(setting.name(), sealed.get(setting.name())));
            }
        }
        return sealed;
    }

    /**
     * The settings with every secret value opened, for a check or reaction to use.
     *
     * @throws SecretBox.SecretException when a value is sealed and there is no key here, or it does not open
     */
    public static Map<String, String> open(List<Setting> settings, Map<String, String> values,
            Optional<SecretBox> box) {
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
            open.put(setting.name(), box.get().open(setting.name(), value));
        }
        return open;
    }

    /** Whether any secret value in the map is stored in plain text or under a key being rotated out. */
    public static boolean needsSealing(List<Setting> settings, Map<String, String> values, SecretBox box) {
        return settings.stream().anyMatch(s -> s.secret() && values.get(s.name()) != null
                && !box.sealedUnderCurrentKey(s.name(), values.get(s.name())));
    }

    /** The settings with every secret value sealed under the current key (plain ones and rotated-out ones). */
    public static Map<String, String> reseal(List<Setting> settings, Map<String, String> values, SecretBox box) {
        Map<String, String> sealed = new LinkedHashMap<>(values);
        for (Setting setting : settings) {
            if (setting.secret() && sealed.get(setting.name()) != null) {
                sealed.put(setting.name(), box.reseal(setting.name(), sealed.get(setting.name())));
            }
        }
        return sealed;
    }
}
