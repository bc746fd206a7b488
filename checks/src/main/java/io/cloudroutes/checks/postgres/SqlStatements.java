package io.cloudroutes.checks.postgres;

import java.sql.SQLException;
import org.postgresql.core.Parser;

/**
 * Counts the statements in a query the way the PostgreSQL driver will split it before sending it.
 *
 * <p>A check's query must be exactly one statement: the READ ONLY transaction it runs in only holds for that
 * statement, and a second one after a {@code COMMIT} would run outside it. The driver's own parser is used, not a
 * home-made one, so quotes, dollar quotes and comments are split exactly as they will be at run time.
 */
final class SqlStatements {

    private SqlStatements() {}

    /** Why {@code query} is not a single statement (completing "Query …"), or null when it is one. */
    static String singleStatementProblem(String query) {
        return singleStatementProblem(query, true);
    }

    /**
     * As {@link #singleStatementProblem(String)}, for a server with the given {@code standard_conforming_strings},
     * which changes how backslashes in string literals, and so statement ends, are read.
     */
    static String singleStatementProblem(String query, boolean standardConformingStrings) {
        int count;
        try {
            count = Parser.parseJdbcSql(query, standardConformingStrings, false, true, false, false)
                    .size();
        } catch (SQLException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (count == 0) {
            return "has no statement, only semicolons";
        }
        if (count > 1) {
            return "must be a single statement, but has " + count + " separated by semicolons";
        }
        return null;
    }
}
