package io.cloudroutes.crweb.api;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;

/**
 * One page of a list, newest first where the list is history.
 *
 * @param items      this page's items
 * @param page       zero-based page number
 * @param size       page size asked for
 * @param totalItems items in the whole list
 * @param totalPages pages in the whole list
 */
public record ApiPage<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    /** Largest page size a client may ask for. */
    public static final int MAX_SIZE = 200;

    public static <E, T> ApiPage<T> of(Page<E> page, Function<E, T> view) {
        return new ApiPage<>(
                page.getContent().stream().map(view).toList(),
                page.getNumber(),
                page.getSize(),
                page.getTotalElements(),
                page.getTotalPages());
    }

    /** The page request for {@code page} and {@code size}, or a 422 naming the parameter that is out of range. */
    public static PageRequest request(int page, int size) {
        if (page < 0) {
            throw new ApiValidationException(java.util.Map.of("page", "page numbers start at 0"));
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new ApiValidationException(java.util.Map.of("size", "the page size is between 1 and " + MAX_SIZE));
        }
        return PageRequest.of(page, size);
    }
}
