package io.cloudroutes.reactions.support;

import io.cloudroutes.core.message.StatusChanged;
import java.time.Instant;

/** Words and placeholders shared by the notification reactions. */
public final class TransitionText {

    private TransitionText() {
    }

    /** Replaces {monitor}, {status}, {from} and {reason} in a user's template. */
    public static String fill(String template, StatusChanged change) {
        return template
                .replace("{monitor}", change.monitorName())
                .replace("{status}", change.to().name())
                .replace("{from}", change.from().name())
                .replace("{reason}", change.reason());
    }

    public static String time(StatusChanged change) {
        return Instant.ofEpochMilli(change.atMillis()).toString();
    }

    public static String monitorLink(String publicUrl, StatusChanged change) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/monitors/" + change.monitorId();
    }

    /** At most {@code max} characters, marked when cut. */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
    }
}
