package io.cloudroutes.crweb.system;

import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/**
 * One thing wrong with what a user submitted, in words for them. {@code field} is the name the form gives the field
 * ({@code settings[url]} for a plugin setting): the pages show the message beside it, the API under its own name.
 */
public record FieldProblem(String field, String message) {

    /** What bean validation finds wrong with a draft, in the order it reports it. */
    public static List<FieldProblem> violations(Validator validator, Object draft) {
        return validator.validate(draft).stream()
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
    }

    /**
     * What is wrong with a posted form: the fields binding could not read, then what bean validation finds wrong
     * with the draft made of it, except on those fields (they hold their defaults). The latter are added to
     * {@code bound}, so that the page shows them.
     */
    public static List<FieldProblem> ofForm(BindingResult bound, Validator validator, Object draft) {
        List<FieldProblem> found = new ArrayList<>();
        bound.getFieldErrors()
                .forEach(error -> found.add(new FieldProblem(error.getField(), error.getDefaultMessage())));
        List<FieldProblem> violations = violations(validator, draft).stream()
                .filter(problem -> !bound.hasFieldErrors(problem.field()))
                .toList();
        copyTo(violations, bound);
        found.addAll(violations);
        return found;
    }

    /**
     * Adds the problems to a form's binding result, each as an error of its field. A plugin setting's error is added
     * without reading the field through its name: a setting name a client made up (e.g. {@code a]b[c}) is not a
     * property path, and must come back as a field error, not a fault.
     */
    public static void copyTo(List<FieldProblem> problems, BindingResult result) {
        for (FieldProblem problem : problems) {
            if (problem.field().startsWith("settings[")) {
                result.addError(new FieldError(
                        result.getObjectName(),
                        problem.field(),
                        null,
                        false,
                        new String[] {"invalid"},
                        null,
                        problem.message()));
            } else {
                result.rejectValue(problem.field(), "invalid", problem.message());
            }
        }
    }
}
