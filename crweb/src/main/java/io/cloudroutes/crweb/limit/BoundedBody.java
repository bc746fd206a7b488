package io.cloudroutes.crweb.limit;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body only up to a limit: a declared Content-Length over the limit is refused before anything is
 * read, and a streamed (chunked) body as soon as it passes the limit, so a sender cannot make crweb hold more.
 */
public final class BoundedBody {

    private BoundedBody() {}

    /** Refuses the request when the length it declared is over {@code limitBytes}; reads nothing. */
    public static void checkDeclared(HttpServletRequest request, long limitBytes) {
        long declared = request.getContentLengthLong();
        if (declared > limitBytes) {
            throw new BodyTooLargeException(limitBytes, declared);
        }
    }

    /** The whole body, at most {@code limitBytes}; {@link BodyTooLargeException} when it is larger. */
    public static byte[] read(HttpServletRequest request, long limitBytes) throws IOException {
        checkDeclared(request, limitBytes);
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(Math.toIntExact(Math.min(limitBytes + 1, Integer.MAX_VALUE - 8)));
            if (bytes.length > limitBytes) {
                throw new BodyTooLargeException(limitBytes, -1);
            }
            return bytes;
        }
    }
}
