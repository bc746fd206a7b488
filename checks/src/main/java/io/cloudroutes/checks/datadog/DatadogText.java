package io.cloudroutes.checks.datadog;

import java.util.regex.Pattern;

/**
 * Turns the Markdown Datadog puts in {@code $EVENT_MSG} and {@code $EVENT_TITLE} into a line of plain text for a
 * result's reason: the {@code %%%} markers that wrap it, the metric graph image, the footer of navigation links
 * ({@code [[Monitor Status](…)] · [[Edit Monitor](…)]}), rules, headings, emphasis and the {@code @webhook-…}
 * mentions that route the notification. A link keeps its text; the monitor's own link is sent as {@code $LINK}.
 */
final class DatadogText {

    private static final Pattern WRAPPER = Pattern.compile("%%%");
    private static final Pattern IMAGE = Pattern.compile("\\[?!\\[[^\\]]*]\\([^)]*\\)]?(\\([^)]*\\))?");
    private static final Pattern NAVIGATION_LINK = Pattern.compile("\\[\\[[^\\]]*]\\([^)]*\\)]");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*([-*_]\\s*){3,}$");
    private static final Pattern HEADING_OR_QUOTE = Pattern.compile("(?m)^\\s*(#{1,6}|>)\\s*");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`");
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.@])@[\\w][\\w.-]*-[\\w.-]+");
    private static final Pattern SEPARATORS = Pattern.compile("(\\s*·\\s*)+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private DatadogText() {}

    /** The text without Datadog's Markdown, on one line; empty for null. */
    static String plain(String markdown) {
        if (markdown == null) {
            return "";
        }
        String text = WRAPPER.matcher(markdown).replaceAll(" ");
        text = IMAGE.matcher(text).replaceAll(" ");
        text = NAVIGATION_LINK.matcher(text).replaceAll(" ");
        text = LINK.matcher(text).replaceAll("$1");
        text = RULE.matcher(text).replaceAll(" ");
        text = HEADING_OR_QUOTE.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = MENTION.matcher(text).replaceAll(" ");
        text = SEPARATORS.matcher(text).replaceAll(" · ");
        text = SPACE.matcher(text).replaceAll(" ").strip();
        // What is left of a footer whose links were all removed.
        while (text.startsWith("·") || text.endsWith("·")) {
            text = (text.startsWith("·") ? text.substring(1) : text.substring(0, text.length() - 1)).strip();
        }
        return text;
    }
}
