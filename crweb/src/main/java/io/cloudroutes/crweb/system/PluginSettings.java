package io.cloudroutes.crweb.system;

import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.core.secret.SecretSettings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/** Turns what a form or the API submitted for a plugin's settings into the values to validate and store. */
public final class PluginSettings {

    private PluginSettings() {}

    /**
     * The submitted values without blanks, keeping stored secrets the user left blank (secrets are never shown back,
     * so a blank secret field means "unchanged") unless they asked to remove them ({@code cleared}); kept secrets are
     * opened so that they validate like typed ones. A kept secret that does not open (sealed under another key, or
     * copied from another row) is a field error: it has to be entered again or removed. Then every value is checked
     * against its setting ({@link Settings#check}), and each problem added to {@code problems} as
     * {@code settings[name]}.
     *
     * @return the values to store once {@code problems} has none
     */
    public static Map<String, String> merge(
            PluginType type,
            Map<String, String> submitted,
            Map<String, String> stored,
            Collection<String> cleared,
            SecretScope scope,
            SecretBox box,
            List<FieldProblem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        submitted.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        Map<String, String> found = new LinkedHashMap<>();
        for (Setting setting : type.settings()) {
            String kept = stored.get(setting.name());
            if (!setting.secret()
                    || values.containsKey(setting.name())
                    || kept == null
                    || cleared.contains(setting.name())) {
                continue;
            }
            try {
                values.put(setting.name(), box.open(scope, setting.name(), kept));
            } catch (SecretBox.SecretException e) {
                found.put(
                        setting.name(),
                        setting.label() + ": the stored value cannot be opened (sealed under "
                                + "another " + SecretBox.KEY_VARIABLE + ", or copied from another " + scope.kind()
                                + "): enter it again" + (setting.required() ? "" : " or remove it"));
            }
        }
        Settings.check(type, values).forEach(found::putIfAbsent);
        found.forEach((name, message) -> problems.add(new FieldProblem("settings[" + name + "]", message)));
        return values;
    }

    /** The values to store: defaults filled in, every secret sealed for the row. */
    public static Map<String, String> forStorage(
            PluginType type, Map<String, String> values, SecretScope scope, SecretBox box) {
        return SecretSettings.seal(type.settings(), Settings.withDefaults(type.settings(), values), box, scope);
    }

    /**
     * What every plugin settings form needs: which secrets are stored (never their values), which of them do not
     * open here and must be entered again, and the field errors.
     */
    public static void addToForm(
            Model model, PluginType type, Map<String, String> storedSettings, SecretScope scope, SecretBox box) {
        model.addAttribute("storedSecrets", storedSettings);
        model.addAttribute(
                "unopenableSecrets",
                type == null || scope == null
                        ? List.of()
                        : SecretSettings.unopenable(type.settings(), storedSettings, box, scope));
        Map<String, String> errors = errors(model);
        model.addAttribute("settingErrors", errors);
        // a setting the form does not have (a crafted post) has no field to show its error under
        model.addAttribute(
                "unknownSettingErrors",
                type == null
                        ? List.of()
                        : errors.entrySet().stream()
                                .filter(e -> type.settings().stream()
                                        .noneMatch(s -> s.name().equals(e.getKey())))
                                .map(Map.Entry::getValue)
                                .toList());
    }

    /** Field errors of the plugin settings in the form's binding result, by setting name, for the form to show. */
    static Map<String, String> errors(Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "form") instanceof BindingResult result) {
            for (FieldError error : result.getFieldErrors()) {
                if (error.getField().startsWith("settings[") && error.getField().endsWith("]")) {
                    errors.putIfAbsent(
                            error.getField().substring(9, error.getField().length() - 1), error.getDefaultMessage());
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

    /**
     * The secret settings an API request asks to remove: those sent as {@code null} (as in a JSON merge patch); a
     * secret left out keeps its stored value.
     */
    public static List<String> clearedByNull(PluginType type, Map<String, String> requested) {
        return type.settings().stream()
                .filter(Setting::secret)
                .filter(s -> requested.containsKey(s.name()) && requested.get(s.name()) == null)
                .map(Setting::name)
                .toList();
    }
}
