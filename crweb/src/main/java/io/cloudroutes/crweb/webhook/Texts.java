package io.cloudroutes.crweb.webhook;

/** Bounds text that senders control before it becomes part of a result's reason. */
final class Texts {

    private Texts() {}

    /** {@code text} stripped, on one line, and cut to {@code max} characters with an ellipsis. */
    static String bounded(String text, int max) {
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
