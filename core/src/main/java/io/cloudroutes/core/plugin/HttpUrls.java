package io.cloudroutes.core.plugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a value typed as an http(s) URL, and what to type instead: users write {@code
 * 127.0.0.1:8080}, {@code localhost:80}, {@code http:/host} or {@code ftp://host}, and {@link URI} either refuses
 * them with a parser's message ("Illegal character in scheme name") or, worse, accepts {@code localhost:80} as a URL
 * of scheme {@code localhost}.
 */
final class HttpUrls {

    /** The longest value repeated back inside a suggestion; longer ones get the advice without the echo. */
    private static final int MAX_ECHO = 200;

    private static final String EXAMPLE = "https://example.com/health";

    private static final Pattern WITH_AUTHORITY = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    private static final Pattern MISSING_COLON = Pattern.compile("^(https?)//+(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MISSING_SLASHES = Pattern.compile("^(https?):/?(?!/)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_FIRST =
            Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?(?:[/?#].*)?$", Pattern.DOTALL);
    private static final Pattern OTHER_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    /** The port after the last colon of an authority, outside IPv6 brackets. */
    private static final Pattern PORT = Pattern.compile(":([^:\\]]*)$");

    private static final Pattern IP_V4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private HttpUrls() {}

    /**
     * Null when {@code value} is an absolute http:// or https:// URL with a valid host and port; otherwise the
     * problem, starting with {@code label}. A {@code secret} value is never repeated in the message.
     */
    static String problem(String label, String value, boolean secret) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return label + " contains a space at character " + (i + 1) + "; remove it (a space inside a path is "
                        + "written %20)";
            }
        }
        Matcher withAuthority = WITH_AUTHORITY.matcher(value);
        if (withAuthority.matches()) {
            String scheme = withAuthority.group(1).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return label + " must be an http:// or https:// URL; " + scheme + ":// is not supported";
            }
            String rest = withAuthority.group(2);
            if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?") || rest.startsWith("#")) {
                return noHost(label, scheme);
            }
            return parsedProblem(label, value, scheme);
        }
        Matcher missingColon = MISSING_COLON.matcher(value);
        if (missingColon.matches()) {
            return suggest(
                    label + " is missing the colon after "
                            + missingColon.group(1).toLowerCase(Locale.ROOT),
                    missingColon.group(1).toLowerCase(Locale.ROOT) + "://" + missingColon.group(2),
                    secret);
        }
        Matcher missingSlashes = MISSING_SLASHES.matcher(value);
        if (missingSlashes.matches()) {
            String scheme = missingSlashes.group(1).toLowerCase(Locale.ROOT);
            if (missingSlashes.group(2).isEmpty()) {
                return noHost(label, scheme);
            }
            return suggest(
                    label + " needs two slashes after " + scheme + ":",
                    scheme + "://" + missingSlashes.group(2),
                    secret);
        }
        String hostFirst = value.startsWith("//") ? value.substring(2) : value;
        Matcher host = HOST_FIRST.matcher(hostFirst);
        if (host.matches()
                && (value.startsWith("//")
                        || host.group(1).contains(".")
                        || host.group(2) != null
                        || host.group(1).startsWith("[")
                        || host.group(1).equalsIgnoreCase("localhost"))) {
            // Also "localhost:80", which URI reads as the scheme "localhost".
            return suggest(
                    label + " must be an absolute http:// or https:// URL",
                    schemeFor(host.group(1), host.group(2)) + "://" + hostFirst,
                    secret);
        }
        Matcher otherScheme = OTHER_SCHEME.matcher(value);
        if (otherScheme.find()) {
            return label + " must be an http:// or https:// URL; "
                    + otherScheme.group(1).toLowerCase(Locale.ROOT) + ": is not supported";
        }
        return label + " must be an absolute http:// or https:// URL with a host, e.g. " + EXAMPLE;
    }

    private static String parsedProblem(String label, String value, String scheme) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return syntaxProblem(label, e);
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || authority.startsWith(":") || authority.endsWith("@")) {
            return noHost(label, scheme);
        }
        if (uri.getHost() == null) {
            // URI falls back to a "registry-based" authority when the host or the port cannot be read.
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            Matcher port = PORT.matcher(hostAndPort);
            if (port.find()) {
                if (!validPort(port.group(1))) {
                    return portProblem(label, port.group(1));
                }
                hostAndPort = hostAndPort.substring(0, port.start());
            }
            return label + " has a host that is not a host name or IP address: '" + bounded(hostAndPort) + "'; use "
                    + "letters, digits, dots and hyphens (no _), an IPv4 address or an IPv6 address in brackets "
                    + "such as [::1]";
        }
        if (uri.getPort() != -1 && !validPort(String.valueOf(uri.getPort()))) {
            return portProblem(label, String.valueOf(uri.getPort()));
        }
        return null;
    }

    private static String syntaxProblem(String label, URISyntaxException e) {
        int index = e.getIndex();
        String reason = e.getReason();
        if (index >= 0 && index < e.getInput().length()) {
            char c = e.getInput().charAt(index);
            String encode = c < 0x80 ? "write it as %" + String.format("%02X", (int) c) : "percent-encode it";
            return label + " has a character a URL cannot contain at character " + (index + 1) + ": '" + c + "' ("
                    + reason.toLowerCase(Locale.ROOT) + "); " + encode;
        }
        return label + " is not a valid URL: " + reason.toLowerCase(Locale.ROOT) + "; e.g. " + EXAMPLE;
    }

    private static String noHost(String label, String scheme) {
        return label + " has no host after " + scheme + "://; write it as " + scheme + "://example.com/health";
    }

    private static String portProblem(String label, String port) {
        return label + " has port '" + bounded(port) + "'; a port is a number between 1 and 65535, e.g. "
                + "https://example.com:8443/health";
    }

    private static boolean validPort(String port) {
        if (!port.matches("\\d{1,5}")) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    /** http for addresses that usually serve plain HTTP (localhost, IP literals, explicit ports), https otherwise. */
    private static String schemeFor(String host, String port) {
        boolean local = host.equalsIgnoreCase("localhost")
                || host.startsWith("[")
                || IP_V4.matcher(host).matches();
        return local || (port != null && !port.equals("443")) ? "http" : "https";
    }

    private static String suggest(String problem, String suggestion, boolean secret) {
        if (secret || suggestion.length() > MAX_ECHO) {
            return problem + "; start it with http:// or https://";
        }
        return problem + "; did you mean " + suggestion + "?";
    }

    private static String bounded(String text) {
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }
}
