package io.cloudroutes.crweb.push;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The start of a delivery's body as its log keeps it: at most {@value #MAX_CHARS} characters, on one line, with every
 * secret masked: a JSON field named {@code secret} anywhere in the body (also in a body that is not valid JSON), and
 * anything shaped like a CloudRoutes push secret or API key ({@code crw_…}, {@code crk_…}), wherever it appears.
 */
public final class DeliveryExcerpt {

    static final int MAX_CHARS = 500;
    static final String HIDDEN = "(hidden)";
    // Masked before the excerpt is cut, over more than is kept, so that no secret is cut in half and left readable.
    private static final int SCANNED_CHARS = 4 * MAX_CHARS;
    private static final Pattern TOKEN = Pattern.compile("\\bcr[wk]_[A-Za-z0-9_-]{8,}");
    /** A "secret" field in a body that is not valid JSON (and so could not be read as an object). */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i)(\"secret\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\"?)");

    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private DeliveryExcerpt() {}

    /** The excerpt of a text body; null for an empty one. */
    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String scanned = text.length() > SCANNED_CHARS ? text.substring(0, SCANNED_CHARS) : text;
        String line = LINE_BREAKS.matcher(masked(scanned).strip()).replaceAll(" ");
        if (line.length() <= MAX_CHARS && text.length() <= SCANNED_CHARS) {
            return line;
        }
        int end = Math.min(line.length(), MAX_CHARS - 1);
        if (end > 0 && Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }

    /** {@code text} with anything shaped like a secret masked; null for null. */
    static String masked(String text) {
        if (text == null) {
            return null;
        }
        String masked = TOKEN.matcher(text).replaceAll(m -> m.group().substring(0, 4) + HIDDEN);
        return SECRET_FIELD.matcher(masked).replaceAll("$1" + HIDDEN + "$2");
    }

    /** The excerpt of a JSON body, compact, with the value of every field named {@code secret} hidden. */
    public static String of(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode copy = body.deepCopy();
        hideSecretFields(copy);
        return of(copy.toString());
    }

    private static void hideSecretFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> secrets = new ArrayList<>();
            for (String name : object.propertyNames()) {
                if (name.equalsIgnoreCase("secret")) {
                    secrets.add(name);
                } else {
                    hideSecretFields(object.get(name));
                }
            }
            secrets.forEach(name -> object.put(name, HIDDEN));
        } else if (node != null && node.isArray()) {
            node.forEach(DeliveryExcerpt::hideSecretFields);
        }
    }
}
