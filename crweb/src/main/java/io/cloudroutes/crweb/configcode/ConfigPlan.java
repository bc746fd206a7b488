package io.cloudroutes.crweb.configcode;

import java.util.List;

/**
 * What applying a document does to a team, item by item: created, updated (with each field's old and new value, a
 * secret only as "(secret changed)"), unchanged, deleted (only with prune) or left alone though not in the document.
 *
 * @param applied whether it was done (false for a dry run)
 * @param hash    names the document, the secrets and the team's state it was made from: an apply that carries it is
 *                refused when any of them changed since
 */
record ConfigPlan(boolean applied, boolean prune, String hash, List<ItemChange> items, Counts counts) {

    enum Action {
        CREATE,
        UPDATE,
        DELETE,
        UNCHANGED,
        /** In the team, not in the document: kept, or deleted with prune. */
        NOT_IN_DOCUMENT
    }

    /** One item: its kind ({@code monitor}, …), name (a status page's slug) and what happens to it. */
    record ItemChange(String kind, String name, Action action, List<FieldChange> fields) {}

    /** One field of an updated item; {@code from} or {@code to} is "(none)" when it is not set. */
    record FieldChange(String field, String from, String to) {}

    record Counts(int create, int update, int delete, int unchanged, int notInDocument) {}

    /** Whether applying changes anything. */
    public boolean changes() {
        return counts.create() + counts.update() + counts.delete() > 0;
    }

    ConfigPlan asApplied() {
        return new ConfigPlan(true, prune, hash, items, counts);
    }
}
