package io.cloudroutes.crweb.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a person typed in the dashboard's search box: {@code tag:prod} asks for monitors carrying that tag, any other
 * word for monitors whose name contains it or that carry it as a tag. Every term must match.
 *
 * @param tags  tags every monitor found carries (lower case)
 * @param words words each found in the name (any case) or equal to a tag
 */
record MonitorSearch(List<String> tags, List<String> words) {

    /** Longer searches are cut: no one types more, and the query stays small. */
    static final int MOST_TERMS = 10;

    static final String TAG_PREFIX = "tag:";

    static MonitorSearch parse(String typed) {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> words = new LinkedHashSet<>();
        if (typed != null) {
            for (String term : typed.strip().split("\\s+")) {
                if (tags.size() + words.size() >= MOST_TERMS) {
                    break;
                }
                String lower = term.toLowerCase(Locale.ROOT);
                if (lower.startsWith(TAG_PREFIX) && lower.length() > TAG_PREFIX.length()) {
                    tags.add(lower.substring(TAG_PREFIX.length()));
                } else if (!term.isBlank()) {
                    words.add(term);
                }
            }
        }
        return new MonitorSearch(List.copyOf(tags), List.copyOf(words));
    }

    boolean isEmpty() {
        return tags.isEmpty() && words.isEmpty();
    }

    /**
     * The SQL conditions (joined with {@code and}) and their arguments, added to {@code arguments}: the tags through
     * the GIN index on {@code tags} ({@code @>}), the words as a case-insensitive substring of the name or a tag.
     */
    String sql(List<Object> arguments) {
        List<String> conditions = new ArrayList<>();
        if (!tags.isEmpty()) {
            conditions.add("tags @> ?::varchar(40)[]");
            arguments.add(tags.toArray(String[]::new));
        }
        for (String word : words) {
            conditions.add("(name ilike ? escape '\\' or tags @> array[?]::varchar(40)[])");
            arguments.add("%" + likeEscaped(word) + "%");
            arguments.add(word.toLowerCase(Locale.ROOT));
        }
        return String.join(" and ", conditions);
    }

    private static String likeEscaped(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
