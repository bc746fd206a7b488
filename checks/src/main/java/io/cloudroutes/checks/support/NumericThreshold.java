package io.cloudroutes.checks.support;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Compares a number a check observed (a query result, a queue length) with a number the user set, e.g. {@code < 100};
 * declares and reads the {@code operator} and {@code value} settings that hold it.
 *
 * @param operator one of {@link #OPERATORS}
 * @param value    the number to compare with
 * @param text     the value as the user wrote it, so reasons repeat it unchanged
 */
public record NumericThreshold(String operator, BigDecimal value, String text) {

    public static final List<String> OPERATORS = List.of("<", "<=", ">", ">=", "==", "!=");

    public NumericThreshold {
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("unknown operator " + operator);
        }
    }

    /** The operator and value settings, with help naming what is compared, e.g. "the first column of the first row". */
    public static List<Setting> settings(String compared) {
        return List.of(
                Setting.of("operator", "Operator", SettingType.CHOICE)
                        .options(OPERATORS.toArray(String[]::new))
                        .help("Optional: how " + compared + " must compare with the value to be healthy"),
                Setting.of("value", "Value", SettingType.TEXT)
                        .help("The number to compare with, e.g. 100 or 0.5; needs an operator"));
    }

    /**
     * The threshold in the operator and value settings, or empty when none is set. Rejects a value that is not a
     * number, one of the two without the other, and a threshold without the setting that produces the number
     * ({@code subject}, e.g. the query): which were {@code given} decides, so that an operator its type refused still
     * asks for its value. Errors already found for a field are kept.
     */
    public static Optional<NumericThreshold> read(
            SettingValues values, GivenValues given, String subject, String subjectLabel, String subjectExample) {
        String operator = values.text("operator");
        String value = values.text("value");
        BigDecimal number = parse(value);
        if (given.has("value") && number == null) {
            values.reject("value", "Value must be a number, e.g. 100 or 0.5");
        }
        if (given.has("value") && !given.has("operator")) {
            values.reject(
                    "operator", "Operator is required when a value is given: one of " + String.join(" ", OPERATORS));
        }
        if (given.has("operator") && !given.has("value")) {
            values.reject("value", "Value is required when an operator is chosen, e.g. 100");
        }
        if ((given.has("operator") || given.has("value")) && !given.has(subject)) {
            values.reject(subject, subjectLabel + " is required to compare with a threshold, e.g. " + subjectExample);
        }
        return operator == null || number == null
                ? Optional.empty()
                : Optional.of(new NumericThreshold(operator, number, value));
    }

    /**
     * The number in {@code text}, or null when it is not one. Accepts what databases and Redis print: integers,
     * decimals, exponents; not NaN or infinities, which compare with nothing.
     */
    public static BigDecimal parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code observed} meets the threshold; equality ignores scale, so 1.0 == 1. */
    public boolean accepts(BigDecimal observed) {
        int comparison = observed.compareTo(value);
        return switch (operator) {
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "==" -> comparison == 0;
            case "!=" -> comparison != 0;
            default -> throw new IllegalStateException(operator);
        };
    }

    /** What a healthy number looks like, e.g. {@code < 100}. */
    @Override
    public String toString() {
        return operator + " " + text;
    }
}
