package io.cloudroutes.crweb.limit;

import io.cloudroutes.crweb.api.ApiError;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** A request body over its limit, found from its declared length or while it was read; nothing of it was used. */
public final class BodyTooLargeException extends RuntimeException {

    private final long limitBytes;
    private final long declaredBytes;

    BodyTooLargeException(long limitBytes, long declaredBytes) {
        super("the request body is larger than " + readable(limitBytes) + ", the limit of this endpoint"
                + (declaredBytes >= 0 ? " (Content-Length: " + declaredBytes + ")" : "")
                + "; nothing was read or recorded. Send a smaller body");
        this.limitBytes = limitBytes;
        this.declaredBytes = declaredBytes;
    }

    /** The limit, in bytes. */
    public long limitBytes() {
        return limitBytes;
    }

    /** The Content-Length the sender declared, or -1 when the body was streamed (chunked) past the limit. */
    public long declaredBytes() {
        return declaredBytes;
    }

    /** The JSON answer for status 413. */
    public ApiError toApiError() {
        return new ApiError(
                "body_too_large",
                getMessage(),
                Map.of("body", "at most " + readable(limitBytes) + " (" + limitBytes + " bytes)"));
    }

    /** "256 KiB", "1 MiB", or bytes when neither divides it. */
    public static String readable(long bytes) {
        DataSize size = DataSize.ofBytes(bytes);
        if (bytes % (1024 * 1024) == 0) {
            return size.toMegabytes() + " MiB";
        }
        if (bytes % 1024 == 0) {
            return size.toKilobytes() + " KiB";
        }
        return bytes + " bytes";
    }
}
