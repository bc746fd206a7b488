package io.cloudroutes.core.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * The accepted HTTP status codes, written as codes and ranges: "200,204,300-399"; shared by the http check's expected
 * status and the http-request reaction's success status so both read the same syntax.
 */
public record StatusCodes(String text, List<int[]> ranges) {

    /** The codes in {@code text}; throws IllegalArgumentException saying what is wrong with it. */
    public static StatusCodes parse(String text) {
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty entry; write codes and ranges like 200,204,300-399");
            }
            String[] bounds = item.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException("'" + item + "' is not a code or a range like 200-299");
            }
            int low = code(bounds[0], item);
            int high = bounds.length == 2 ? code(bounds[1], item) : low;
            if (low > high) {
                throw new IllegalArgumentException("range '" + item + "' starts above its end");
            }
            ranges.add(new int[] {low, high});
        }
        return new StatusCodes(text.trim(), List.copyOf(ranges));
    }

    private static int code(String value, String item) {
        try {
            int code = Integer.parseInt(value.trim());
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("'" + item + "': status codes are between 100 and 599");
            }
            return code;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + item + "' is not a status code; write codes and ranges like 200,300-399");
        }
    }

    public boolean accepts(int status) {
        return ranges.stream().anyMatch(r -> status >= r[0] && status <= r[1]);
    }
}
