package io.cloudroutes.checks.push;

import java.util.List;
import java.util.function.Function;

/**
 * A URL a monitor's page lists for a route whose URLs end in a value ({@link UrlWebhook}, {@link Pings}): what it is
 * for, e.g. {@code Report failed}, and the value, e.g. {@code failed}.
 */
public record ShownUrl(String label, String value) {

    /** The page's URLs for these values, each built from its value. */
    static List<PushUrl> all(List<ShownUrl> shown, String method, Function<String, String> urlOfValue) {
        return shown.stream()
                .map(s -> new PushUrl(s.label(), method, urlOfValue.apply(s.value())))
                .toList();
    }
}
