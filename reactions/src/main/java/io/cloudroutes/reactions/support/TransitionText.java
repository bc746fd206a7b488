package io.cloudroutes.reactions.support;

import io.cloudroutes.core.message.StatusChanged;
import java.time.Instant;

/** Words shared by the notification reactions. */
public final class TransitionText {

    private TransitionText() {}

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
        return text.length() <= max
                ? text
                : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
    }
}
