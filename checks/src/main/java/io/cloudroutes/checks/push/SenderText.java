package io.cloudroutes.checks.push;

/** Bounds text that senders control before it becomes part of a result's reason or the delivery log. */
public final class SenderText {

    private SenderText() {}

    /** {@code text} stripped, on one line, and cut to {@code max} characters with an ellipsis; empty for null. */
    public static String bounded(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        if (line.length() <= max) {
            return line;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }
}
