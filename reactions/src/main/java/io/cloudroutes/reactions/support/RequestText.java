package io.cloudroutes.reactions.support;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes an HTTP request as a dry run shows it: the request line, the headers with secrets masked, the body. */
public final class RequestText {

    /** What a masked secret reads as. */
    public static final String MASK = "****";

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(auth|token|key|secret|password|passwd|cookie|signature|session).*");

    private RequestText() {}

    /** "METHOD URL", one "Name: value" line per header (secret values masked), a blank line and the body if any. */
    public static String of(String method, String url, Map<String, String> headers, String body) {
        return of(method, url, headers, Set.of(), body);
    }

    /**
     * As {@link #of(String, String, Map, String)}, with the values of the headers named in {@code secretHeaders}
     * (case-insensitive) masked whatever their name: the headers a person typed into a secret setting.
     */
    public static String of(
            String method, String url, Map<String, String> headers, Set<String> secretHeaders, String body) {
        StringBuilder text = new StringBuilder(method).append(' ').append(url).append('\n');
        headers.forEach((name, value) -> text.append(name)
                .append(": ")
                .append(
                        secretHeaders.stream().anyMatch(name::equalsIgnoreCase)
                                ? maskWhole(name, value)
                                : maskHeader(name, value))
                .append('\n'));
        if (body != null && !body.isEmpty()) {
            text.append('\n').append(body);
        }
        return text.toString();
    }

    /** A secret header's value: an Authorization scheme stays readable ("Bearer ****"), anything else is masked. */
    private static String maskWhole(String name, String value) {
        String masked = maskHeader(name, value);
        return masked.endsWith(MASK) ? masked : MASK;
    }

    /**
     * The header's value as a dry run may show it: an Authorization scheme stays readable ("Bearer ****"), any
     * header whose name suggests a credential (token, key, secret, cookie, …) is masked whole.
     */
    public static String maskHeader(String name, String value) {
        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization")) {
            int space = value.indexOf(' ');
            return space > 0 ? value.substring(0, space) + " " + MASK : MASK;
        }
        return SECRET_NAME.matcher(name).matches() ? MASK : value;
    }
}
