package io.cloudroutes.reactions.support;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.SettingValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles and renders users' Mustache templates over the one set of variables every reaction template gets
 * (documented in docs/reactions/templates.md).
 *
 * <p>Mustache is logic-less and the compiler only reads map keys (no reflection on values), so a template cannot run
 * code. A variable or section name that does not exist is an error, found at save time by {@link #checked} rendering
 * the template for a sample change, never a silently empty value.
 */
public final class Templates {

    /** The variable names, in documentation order. */
    public static final List<String> VARIABLES = List.of(
            "monitorId",
            "monitorName",
            "from",
            "to",
            "reason",
            "zone",
            "at",
            "heldFor",
            "monitorUrl",
            "isFailed",
            "isHealthy");

    /** The change {@link #checked} renders a template for. */
    private static final StatusChanged SAMPLE = new StatusChanged(
            42,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "default",
            1_700_000_000_000L,
            1);

    private static final Pattern PARSE_LINE = Pattern.compile("^(.*?)\\s*@ line (\\d+)\\s*$", Pattern.DOTALL);

    /** How the variables' values are escaped where a template inserts them with {@code {{name}}}. */
    public enum Escaping {
        /** As they are: plain-text email. */
        NONE(Escapers.NONE),
        /** {@code & < > " ' ` =} as HTML entities: HTML email. */
        HTML(Escapers.HTML),
        /** As the inside of a JSON string (quotes, backslashes, control characters): JSON bodies. */
        JSON(Templates::jsonStringContent),
        /** Percent-encoded (UTF-8, space as %20): URLs. */
        URL(value -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")),
        /** Line breaks as spaces, so a value cannot start a new header: header values. */
        HEADER(value -> value.replaceAll("[\\r\\n]+", " ")),
        /** Slack's control characters {@code & < >} as entities, so a value cannot mention, link or format. */
        SLACK(value -> value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));

        private final Mustache.Compiler compiler;

        Escaping(Mustache.Escaper escaper) {
            this.compiler = Mustache.compiler()
                    .withEscaper(escaper)
                    .withCollector(new BasicCollector() {
                        @Override
                        public <K, V> Map<K, V> createFetcherCache() {
                            return new ConcurrentHashMap<>();
                        }
                    })
                    .withLoader(name -> {
                        throw new MustacheException("partials ({{> " + name + "}}) are not supported");
                    })
                    .strictSections(true);
        }
    }

    private Templates() {}

    /** The variables for one change, keyed as templates name them. */
    public static Map<String, Object> variables(StatusChanged change, String publicUrl) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("monitorId", change.monitorId());
        variables.put("monitorName", change.monitorName());
        variables.put("from", change.from().name());
        variables.put("to", change.to().name());
        variables.put("reason", change.reason());
        variables.put("zone", change.zone());
        variables.put("at", TransitionText.time(change));
        variables.put("heldFor", change.heldFor());
        variables.put("monitorUrl", TransitionText.monitorLink(publicUrl, change));
        variables.put("isFailed", change.to() == Status.FAILED);
        variables.put("isHealthy", change.to() == Status.HEALTHY);
        return variables;
    }

    /** The compiled template; throws IllegalArgumentException saying on which line what is wrong. */
    public static Template compile(String text, Escaping escaping) {
        try {
            return escaping.compiler.compile(text);
        } catch (MustacheException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** The template rendered for a change; throws IllegalArgumentException saying on which line what is wrong. */
    public static String render(Template template, StatusChanged change, String publicUrl) {
        try {
            return template.execute(variables(change, publicUrl));
        } catch (MustacheException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /**
     * The compiled template, once it has rendered for a sample change; throws IllegalArgumentException saying on which
     * line what is wrong, e.g. "line 2: no variable 'monitor'; use one of monitorId, monitorName, …".
     */
    public static Template checked(String text, Escaping escaping) {
        Template template = compile(text, escaping);
        renderSample(template);
        return template;
    }

    /** Null when the template compiles and renders, otherwise the problem with its line (see {@link #checked}). */
    public static String problem(String text, Escaping escaping) {
        try {
            checked(text, escaping);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The template of the setting {@code name}, {@linkplain #checked checked}; null when the setting is absent, or
     * when the template fails, which rejects the setting with "{@code label}: the problem".
     */
    public static Template read(SettingValues values, String name, String label, Escaping escaping) {
        String text = values.text(name);
        if (text == null) {
            return null;
        }
        try {
            return checked(text, escaping);
        } catch (IllegalArgumentException e) {
            values.reject(name, label + ": " + e.getMessage());
            return null;
        }
    }

    /** The template rendered for the sample change every {@link #checked} check uses, for settings validation. */
    public static String renderSample(Template template) {
        return render(template, SAMPLE, "https://cloudroutes.example.com");
    }

    /** The characters of a JSON string literal, without the surrounding quotes. */
    public static String jsonStringContent(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String describe(MustacheException e) {
        if (e instanceof MustacheException.Context context) {
            String key = context.key;
            String problem = VARIABLES.contains(key)
                    ? "'" + key + "' cannot be used here"
                    : "no variable '" + key + "'; use one of " + String.join(", ", VARIABLES);
            return "line " + context.lineNo + ": " + problem;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof MustacheParseException) {
            Matcher matcher = PARSE_LINE.matcher(message);
            if (matcher.matches()) {
                return "line " + matcher.group(2) + ": " + matcher.group(1);
            }
        }
        return message;
    }
}
