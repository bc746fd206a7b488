package io.cloudroutes.crweb.system;

import java.util.List;

/** What became of a draft a user submitted: saved, or refused with what is wrong with it. */
public sealed interface SaveResult<T> {

    record Saved<T>(T value) implements SaveResult<T> {}

    /** Nothing was saved; {@code problems} are those the service found (not those the caller passed in). */
    record Refused<T>(List<FieldProblem> problems) implements SaveResult<T> {}
}
