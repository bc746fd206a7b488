package io.cloudroutes.crweb.system;

import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/** Turns what a form submitted for a plugin's settings into the values to validate and store. */
public final class PluginSettings {

    private PluginSettings() {
    }

    /**
     * The submitted values without blanks, keeping stored secrets the user left blank (secrets are never shown back,
     * so a blank secret field means "unchanged"); kept secrets are opened so that they validate like typed ones.
     */
    public static Map<String, String> merge(PluginType type, Map<String, String> submitted, Map<String, String> stored,
            SecretBox box) {
        Map<String, String> values = new LinkedHashMap<>();
        submitted.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        for (Setting setting : type.settings()) {
            if (setting.secret() && !values.containsKey(setting.name()) && stored.containsKey(setting.name())) {
                values.put(setting.name(), box.open(setting.name(), stored.get(setting.name())));
            }
        }
        return values;
    }

    /** The values to store: defaults filled in, every secret sealed. */
    public static Map<String, String> forStorage(PluginType type, Map<String, String> values, SecretBox box) {
        return SecretSettings.seal(type.settings(), Settings.withDefaults(type.settings(), values), box);
    }

    /** What every plugin settings form needs: which secrets are stored (never their values) and the field errors. */
    public static void addToForm(Model model, Map<String, String> storedSettings) {
        model.addAttribute("storedSecrets", storedSettings);
        model.addAttribute("settingErrors", errors(model));
    }

    /** Field errors of the plugin settings in the form's binding result, by setting name, for the form to show. */
    static Map<String, String> errors(Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "form") instanceof BindingResult result) {
            for (FieldError error : result.getFieldErrors()) {
                if (error.getField().startsWith("settings[") && error.getField().endsWith("]")) {
                    errors.putIfAbsent(error.getField().substring(9, error.getField().length() - 1),
                            error.getDefaultMessage());
                }
            }
        }
        return errors;
    }

    /** What a form may show back: everything but secrets. */
    public static Map<String, String> visible(PluginType type, Map<String, String> stored) {
        Map<String, String> values = new LinkedHashMap<>(stored);
        type.settings().stream().filter(Setting::secret).forEach(s -> values.remove(s.name()));
        return values;
    }
}
