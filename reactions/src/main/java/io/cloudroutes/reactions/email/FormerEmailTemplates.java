package io.cloudroutes.reactions.email;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.support.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Brings email settings saved before the subject became a Mustache template (like the bodies) up to date, so that
 * what a user saved keeps working: a subject's placeholders {@code {monitor}}, {@code {status}}, {@code {from}} and
 * {@code {reason}} become {@code {{monitorName}}}, {@code {{to}}}, {@code {{from}}} and {@code {{reason}}}, and a
 * subject or body still at the former default becomes today's default (which says "recovered" on a recovery).
 * The store's migration runs it once over every stored email reaction; validation uses it to point out a former
 * placeholder typed into a new subject.
 */
public final class FormerEmailTemplates {

    /** The defaults as they were before; kept as they were, since stored settings hold copies of them. */
    static final String FORMER_SUBJECT = "[CloudRoutes] {monitor} is {status}";

    static final String FORMER_TEXT = """
            {{monitorName}} is {{to}} (was {{from}}).

            Reason: {{reason}}
            Zone:   {{zone}}
            Time:   {{at}}

            {{monitorUrl}}
            """;

    static final String FORMER_HTML = """
            <!DOCTYPE html>
            <html>
            <body style="font-family: sans-serif">
            <p><strong>{{monitorName}}</strong> is \
            {{#isFailed}}<strong style="color: #b00020">FAILED</strong>{{/isFailed}}\
            {{^isFailed}}<strong>{{to}}</strong>{{/isFailed}} (was {{from}}).</p>
            <table>
            <tr><td>Reason</td><td>{{reason}}</td></tr>
            <tr><td>Zone</td><td>{{zone}}</td></tr>
            <tr><td>Time</td><td>{{at}}</td></tr>
            </table>
            <p><a href="{{monitorUrl}}">{{monitorUrl}}</a></p>
            </body>
            </html>
            """;

    /** Each former placeholder and the variable that replaces it, in the order the former code filled them in. */
    private static final Map<String, String> VARIABLES = placeholders();

    /** A former placeholder, exactly as the former code replaced it. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(monitor|status|from|reason)}");

    /** A former placeholder also when written with doubled braces ({{monitor}}): someone who meant Mustache. */
    private static final Pattern LENIENT_PLACEHOLDER = Pattern.compile("\\{?\\{(monitor|status|from|reason)}}?");

    /**
     * What someone used to the former syntax may type into a new subject: a single-braced placeholder, or a doubled
     * one that names no Mustache variable ({{from}} and {{reason}} are variables of their own).
     */
    private static final Pattern TYPED_PLACEHOLDER =
            Pattern.compile("(?<!\\{)\\{(monitor|status|from|reason)}(?!})|\\{\\{(monitor|status)}}");

    /** Alternative Mustache delimiters for a subject whose own text contains braces that Mustache would read. */
    private static final List<List<String>> DELIMITERS = List.of(
            List.of("<%", "%>"), List.of("[[", "]]"), List.of("<<", ">>"), List.of("((", "))"), List.of("<#", "#>"));

    private static final List<StatusChanged> SAMPLES = List.of(
            new StatusChanged(
                    42,
                    "checkout-api",
                    Status.HEALTHY,
                    Status.FAILED,
                    "expected 200 but got 503",
                    "default",
                    1_700_000_000_000L,
                    1),
            new StatusChanged(
                    7,
                    "db primary",
                    Status.FAILED,
                    Status.HEALTHY,
                    "connected in 3 ms",
                    "eu-west",
                    1_700_000_060_000L,
                    1));

    private FormerEmailTemplates() {}

    private static Map<String, String> placeholders() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("monitor", "monitorName");
        variables.put("status", "to");
        variables.put("from", "from");
        variables.put("reason", "reason");
        return variables;
    }

    /** An email reaction's stored settings, brought up to date; settings without anything former come back equal. */
    public static Map<String, String> upgrade(Map<String, String> settings) {
        Map<String, String> upgraded = new LinkedHashMap<>(settings);
        String subject = settings.get("subject");
        if (subject != null) {
            upgraded.put("subject", subject(subject));
        }
        if (sameText(settings.get("textTemplate"), FORMER_TEXT)) {
            upgraded.put("textTemplate", EmailReactionType.DEFAULT_TEXT);
        }
        if (sameText(settings.get("htmlTemplate"), FORMER_HTML)) {
            upgraded.put("htmlTemplate", EmailReactionType.DEFAULT_HTML);
        }
        return upgraded;
    }

    /**
     * The Mustache subject for one written with the former placeholders. Braces of the user's own are read as Mustache
     * when they make a valid template ({@code {{monitorName}}} typed by someone who expected Mustache already);
     * otherwise the subject switches to other delimiters, so that it renders the same text as before.
     */
    static String subject(String former) {
        if (sameText(former, FORMER_SUBJECT)) {
            return EmailReactionType.DEFAULT_SUBJECT;
        }
        String converted = replace(LENIENT_PLACEHOLDER, former, "{{", "}}");
        if (Templates.problem(converted, Templates.Escaping.HEADER) == null) {
            return converted;
        }
        for (List<String> delimiters : DELIMITERS) {
            String open = delimiters.get(0);
            String close = delimiters.get(1);
            if (former.contains(open) || former.contains(close)) {
                continue;
            }
            String literal = "{{=" + open + " " + close + "=}}" + replace(PLACEHOLDER, former, open, close);
            if (Templates.problem(literal, Templates.Escaping.HEADER) == null && rendersAsBefore(literal, former)) {
                return literal;
            }
        }
        // Not reachable for a subject a person typed (it would need every delimiter pair above in it).
        return EmailReactionType.DEFAULT_SUBJECT;
    }

    /**
     * Null when a subject has none of the former placeholders; otherwise what to write instead, e.g.
     * "{monitor} is the former placeholder syntax: subjects are Mustache templates, write {{monitorName}}".
     */
    static String placeholderProblem(String subject) {
        if (subject == null) {
            return null;
        }
        Matcher matcher = TYPED_PLACEHOLDER.matcher(subject);
        Map<String, String> found = new LinkedHashMap<>();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            found.putIfAbsent(matcher.group(), "{{" + VARIABLES.get(name) + "}}");
        }
        if (found.isEmpty()) {
            return null;
        }
        return String.join(", ", found.keySet()) + (found.size() == 1 ? " is" : " are")
                + " the former placeholder syntax: the subject is a Mustache template like the bodies, write "
                + found.entrySet().stream()
                        .map(e -> e.getValue() + " for " + e.getKey())
                        .collect(Collectors.joining(", "));
    }

    private static String replace(Pattern placeholder, String subject, String open, String close) {
        return placeholder
                .matcher(subject)
                .replaceAll(match -> Matcher.quoteReplacement(open + VARIABLES.get(match.group(1)) + close));
    }

    private static boolean rendersAsBefore(String template, String former) {
        for (StatusChanged sample : SAMPLES) {
            String now = Templates.render(Templates.compile(template, Templates.Escaping.HEADER), sample, "");
            if (!now.equals(formerFill(former, sample))) {
                return false;
            }
        }
        return true;
    }

    /** What a subject rendered before: each placeholder replaced in turn, everything else as written. */
    private static String formerFill(String subject, StatusChanged change) {
        return subject.replace("{monitor}", change.monitorName())
                .replace("{status}", change.to().name())
                .replace("{from}", change.from().name())
                .replace("{reason}", change.reason());
    }

    /** Equal but for line endings (a browser sends a textarea with CRLF) and surrounding whitespace. */
    private static boolean sameText(String stored, String former) {
        return stored != null && stored.replace("\r\n", "\n").strip().equals(former.strip());
    }
}
