package io.cloudroutes.checks.http;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import io.cloudroutes.checks.support.Excerpts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;

/**
 * One condition on a JSON response body, written as {@code <JSON path> <operator> <value>}, e.g.
 * {@code $.queue < 100} or {@code $.status == "ok"}.
 */
record JsonCondition(String text, String pathText, JsonPath path, Operator operator, Object expected) {

    /** The comparison between the value found at the path and the written value. */
    enum Operator {
        EQUAL("=="),
        NOT_EQUAL("!="),
        LESS("<"),
        LESS_OR_EQUAL("<="),
        GREATER(">"),
        GREATER_OR_EQUAL(">="),
        CONTAINS("contains");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this == LESS || this == LESS_OR_EQUAL || this == GREATER || this == GREATER_OR_EQUAL;
        }

        static Operator of(String symbol) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(symbol)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    // Strict RFC parsing: the permissive default of json-smart would read an HTML error page as a bare string.
    static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JsonSmartJsonProvider(JSONParser.MODE_RFC4627))
            .build();

    private static final String LITERAL = "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"
            + "|-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null";
    // The path is matched lazily so that the first operator followed by nothing but a value splits the line; a
    // filter inside the path ($.items[?(@.price < 10)]) is therefore left alone.
    private static final Pattern CONDITION =
            Pattern.compile("^(.+?)(?:\\s*(==|!=|<=|>=|<|>)\\s*|\\s+(contains)\\s+)(" + LITERAL + ")$");
    private static final Pattern ANY_OPERATOR =
            Pattern.compile("^(.+?)(?:\\s*(==|!=|<=|>=|<|>)\\s*|\\s+(contains)\\s+)(.*)$");
    private static final int SHOWN_VALUE_CHARS = 120;

    /** The conditions, one per non-blank line; throws IllegalArgumentException naming the first bad line and why. */
    static List<JsonCondition> parseAll(String text) {
        List<JsonCondition> conditions = new ArrayList<>();
        if (text == null) {
            return conditions;
        }
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                conditions.add(parse(line.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
        }
        return conditions;
    }

    static JsonCondition parse(String line) {
        Matcher matcher = CONDITION.matcher(line);
        if (!matcher.matches()) {
            Matcher loose = ANY_OPERATOR.matcher(line);
            if (loose.matches()) {
                String value = loose.group(4).trim();
                throw new IllegalArgumentException(
                        (value.isEmpty() ? "no value after the operator" : "'" + value + "' is not a value")
                                + "; write a number, a \"quoted string\", true, false or null");
            }
            throw new IllegalArgumentException(
                    "no operator; write <JSON path> <operator> <value>, e.g. $.status == \"ok\","
                            + " with one of == != < <= > >= contains");
        }
        String pathText = matcher.group(1).trim();
        Operator operator = Operator.of(matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        Object expected = literal(matcher.group(4));
        if (!pathText.startsWith("$")) {
            throw new IllegalArgumentException("the JSON path '" + pathText + "' must start with $, e.g. $.status");
        }
        JsonPath path;
        try {
            path = JsonPath.compile(pathText);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid JSON path '" + pathText + "': " + e.getMessage(), e);
        }
        if (operator.ordering() && !(expected instanceof BigDecimal)) {
            throw new IllegalArgumentException("'" + operator.symbol
                    + "' compares numbers; write a number after it, e.g. " + pathText + " " + operator.symbol + " 100");
        }
        return new JsonCondition(line, pathText, path, operator, expected);
    }

    /** Why this condition does not hold on the parsed document, or null when it holds. */
    String failure(Object document) {
        Object actual;
        try {
            actual = path.read(document, JSON);
        } catch (PathNotFoundException e) {
            return pathText + " not found in the response";
        } catch (JsonPathException e) {
            return pathText + " could not be evaluated: " + e.getMessage();
        }
        if (!path.isDefinite() && actual instanceof List<?> matches && matches.isEmpty()) {
            return pathText + " not found in the response";
        }
        if (operator.ordering() && !(actual instanceof Number)) {
            return pathText + " is " + show(actual) + ", not a number";
        }
        return holds(actual) ? null : pathText + " is " + show(actual);
    }

    private boolean holds(Object actual) {
        return switch (operator) {
            case EQUAL -> same(actual, expected);
            case NOT_EQUAL -> !same(actual, expected);
            case LESS -> compare(actual) < 0;
            case LESS_OR_EQUAL -> compare(actual) <= 0;
            case GREATER -> compare(actual) > 0;
            case GREATER_OR_EQUAL -> compare(actual) >= 0;
            case CONTAINS ->
                actual instanceof String string && expected instanceof String part
                        ? string.contains(part)
                        : actual instanceof List<?> list && list.stream().anyMatch(element -> same(element, expected));
        };
    }

    private int compare(Object actual) {
        return number(actual).compareTo((BigDecimal) expected);
    }

    private static boolean same(Object actual, Object expected) {
        if (actual instanceof Number number && expected instanceof BigDecimal decimal) {
            return number(number).compareTo(decimal) == 0;
        }
        return Objects.equals(actual, expected);
    }

    private static BigDecimal number(Object value) {
        return new BigDecimal(value.toString());
    }

    private static String show(Object value) {
        String json = JSONValue.toJSONString(value);
        return Excerpts.cut(json, SHOWN_VALUE_CHARS);
    }

    private static Object literal(String text) {
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> text.startsWith("\"") || text.startsWith("'") ? unquote(text) : new BigDecimal(text);
        };
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = quoted.charAt(++i);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    // The closing quote is at length - 1, so the four digits must end before it.
                    String hex = i + 5 <= quoted.length() - 1 ? quoted.substring(i + 1, i + 5) : "";
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalArgumentException("'\\u' in " + quoted + " needs four hex digits");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }
}
