package io.cloudroutes.core.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses "Name: value" lines, one header per line, as users type them in a text area. */
public final class HeaderLines {

    private HeaderLines() {}

    /** The headers, in order; throws IllegalArgumentException naming the first bad line. */
    public static Map<String, String> parse(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text == null) {
            return headers;
        }
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            if (colon < 0 || name.isEmpty() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException(
                        "line " + number + " is not a header: write one 'Name: value' per line");
            }
            headers.put(name, line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** null when valid, otherwise the problem. */
    public static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
