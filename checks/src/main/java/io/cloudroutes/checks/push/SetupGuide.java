package io.cloudroutes.checks.push;

import java.util.List;

/**
 * How to set up the sender of a pushed monitor, shown on its page under its URLs: a title, a paragraph and texts to
 * copy as they are (a payload template, a configuration file).
 *
 * @param title    e.g. {@code Set up the webhook in Datadog}
 * @param intro    one paragraph; {@code **text**} is shown bold and {@code `text`} as code, nothing else is markup
 * @param snippets the texts to copy, in order
 */
public record SetupGuide(String title, String intro, List<Snippet> snippets) {

    public SetupGuide {
        snippets = List.copyOf(snippets);
    }

    /**
     * A text to copy.
     *
     * @param name  a short name, unique in the guide: lower-case letters, digits and dashes (the page's element ids)
     * @param label what it is, e.g. {@code Payload} or {@code alertmanager.yml}
     */
    public record Snippet(String name, String label, String text) {}

    /**
     * What a guide may use of the monitor.
     *
     * @param secret the monitor's secret while the page shows it, otherwise a placeholder for it
     * @param urls   the monitor's URLs, as its type's routes give them
     */
    public record Monitor(long id, String secret, List<PushUrl> urls) {}
}
