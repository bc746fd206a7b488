package io.cloudroutes.crweb.api;

import java.util.List;

/**
 * Items of a request that carries many (a bulk create) that are not acceptable; answered 422 with each error and the
 * index of its item, and nothing of the request was done.
 */
public class ItemErrors extends RuntimeException {

    /** What is wrong with one field of the item at {@code index} (0-based, in the order sent). */
    public record ItemError(int index, String field, String message) {}

    private final List<ItemError> errors;

    public ItemErrors(List<ItemError> errors) {
        super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in the request's items");
        this.errors = List.copyOf(errors);
    }

    public List<ItemError> errors() {
        return errors;
    }
}
