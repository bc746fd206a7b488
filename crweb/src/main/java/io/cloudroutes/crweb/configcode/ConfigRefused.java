package io.cloudroutes.crweb.configcode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration document that cannot be applied, with what is wrong by path into the document (e.g.
 * {@code monitors[name=api].settings.url}); nothing was changed. The messages never carry a secret's value.
 */
class ConfigRefused extends RuntimeException {

    private final Map<String, String> problems;

    ConfigRefused(Map<String, String> problems) {
        super("the configuration document has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
        this.problems = new LinkedHashMap<>(problems);
    }

    static ConfigRefused of(String path, String message) {
        return new ConfigRefused(Map.of(path, message));
    }

    Map<String, String> problems() {
        return problems;
    }
}
