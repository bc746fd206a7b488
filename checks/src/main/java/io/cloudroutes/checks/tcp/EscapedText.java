package io.cloudroutes.checks.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the text users type into bytes (with the escapes {@code \r}, {@code \n}, {@code \t}, {@code \\} and
 * {@code \xHH}) and turns bytes received back into text that is safe to show in a reason.
 */
final class EscapedText {

    /** How many characters of received data a reason shows before it cuts off. */
    static final int SHOWN_CHARACTERS = 80;

    private EscapedText() {}

    /** The bytes {@code text} stands for; throws IllegalArgumentException naming the first bad escape. */
    static byte[] decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                plain.append(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("ends with a lone backslash; write \\\\ for a backslash");
            }
            char escape = text.charAt(++i);
            byte value = switch (escape) {
                case 'r' -> '\r';
                case 'n' -> '\n';
                case 't' -> '\t';
                case '\\' -> '\\';
                case 'x' -> {
                    String hex = i + 2 < text.length() ? text.substring(i + 1, i + 3) : "";
                    if (!hex.matches("[0-9A-Fa-f]{2}")) {
                        throw new IllegalArgumentException("\\x must be followed by two hex digits, e.g. \\x00");
                    }
                    i += 2;
                    yield (byte) Integer.parseInt(hex, 16);
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown escape '\\" + escape + "'; use \\r, \\n, \\t, \\\\ or \\xHH");
            };
            bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
            bytes.write(value);
        }
        bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /**
     * The first {@link #SHOWN_CHARACTERS} characters of {@code bytes} as UTF-8, with control characters written as
     * escapes, so that a binary or multi-line reply stays one readable line; "…" marks a cut.
     */
    static String show(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        int characters = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (characters == SHOWN_CHARACTERS) {
                return shown.append('…').toString();
            }
            int c = text.codePointAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        shown.append(String.format("\\x%02x", c));
                    } else {
                        shown.appendCodePoint(c);
                    }
                }
            }
            characters++;
        }
        return shown.toString();
    }

    static String show(byte[] bytes) {
        return show(bytes, bytes.length);
    }
}
