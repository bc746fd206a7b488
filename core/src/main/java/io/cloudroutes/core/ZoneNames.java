package io.cloudroutes.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rule for zone names, one for a worker's zone (CLOUDROUTES_ZONE), the operator's list of zones monitors may name
 * (CLOUDROUTES_ZONES) and the zones of a monitor; and the names of the zones that pushed results come from, which no
 * worker checks from.
 */
public final class ZoneNames {

    /** The longest zone name. */
    public static final int MAX_LENGTH = 40;
    /** A zone name as a regular expression. */
    public static final String REGEX = "[a-z0-9][a-z0-9.-]{0," + (MAX_LENGTH - 1) + "}";
    /** The rule in words, for messages. */
    public static final String RULE =
            "lower-case letters, digits, '-' or '.', at most " + MAX_LENGTH + " characters, e.g. eu-west";

    /** The zone of every result a sender pushed to a webhook (generic, Datadog, Alertmanager). */
    public static final String WEBHOOK = "webhook";
    /** The zone of every heartbeat result: a ping, and the late result an actioner folds when none came in time. */
    public static final String HEARTBEAT = "heartbeat";

    private static final Pattern NAME = Pattern.compile(REGEX);

    private ZoneNames() {}

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** {@code name} when it is a zone name; otherwise stops the process with a message naming {@code setting}. */
    public static String require(String name, String setting) {
        if (!valid(name)) {
            throw new IllegalStateException(setting + " must be a zone name (" + RULE + "), but is '" + name + "'");
        }
        return name;
    }

    /** {@code names} when each is a zone name; otherwise stops the process with a message naming {@code setting}. */
    public static List<String> requireEach(List<String> names, String setting) {
        for (String name : names) {
            if (!valid(name)) {
                throw new IllegalStateException(
                        setting + " must list zone names (" + RULE + "), but '" + name + "' is not one");
            }
        }
        return names;
    }
}
