package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.Limits;
import io.cloudroutes.crweb.system.FieldProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A monitor's tags as people type them: separated by commas or spaces, in any case, perhaps repeated. They become
 * lower-case words in the order first given, each once; {@link #problems} says what {@link Limits.Tags} refuses.
 */
public final class MonitorTags {

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern TAG = Pattern.compile(Limits.Tags.PATTERN);

    private MonitorTags() {}

    /** The tags in a text such as {@code "Prod, eu-west  web"}: {@code [prod, eu-west, web]}. */
    public static List<String> parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return List.of();
        }
        return normalised(Arrays.asList(SEPARATORS.split(typed.strip())));
    }

    /** The tags lower-cased and trimmed, blanks and repeats dropped, in the order first given. */
    public static List<String> normalised(List<String> tags) {
        Set<String> kept = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag != null && !tag.isBlank()) {
                kept.add(tag.strip().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(kept);
    }

    /** As the form shows them. */
    public static String typed(List<String> tags) {
        return String.join(", ", tags);
    }

    /** What is wrong with normalised tags, as problems of the field {@code tags}; none when they may be stored. */
    public static List<FieldProblem> problems(List<String> tags) {
        List<FieldProblem> problems = new ArrayList<>();
        if (tags.size() > Limits.Tags.MOST) {
            problems.add(new FieldProblem("tags", tags.size() + " tags given; remove some: " + Limits.Tags.MESSAGE));
        }
        tags.stream()
                .filter(tag -> tag.length() > Limits.Tags.MAX_LENGTH
                        || !TAG.matcher(tag).matches())
                .findFirst()
                .ifPresent(tag -> problems.add(new FieldProblem(
                        "tags", "'" + shortened(tag) + "' cannot be a tag; use " + Limits.Tags.MESSAGE)));
        return problems;
    }

    private static String shortened(String tag) {
        return tag.length() <= Limits.Tags.MAX_LENGTH ? tag : tag.substring(0, Limits.Tags.MAX_LENGTH) + "…";
    }
}
