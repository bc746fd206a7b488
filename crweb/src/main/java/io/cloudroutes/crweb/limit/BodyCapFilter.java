package io.cloudroutes.crweb.limit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The safety net under the per-endpoint body limits: it runs before every other filter and hands the rest of crweb a
 * request whose body stream ends in {@link BodyTooLargeException} past {@link RequestLimits#capBytes()}, so that no
 * filter or library that reads a body before the endpoint's own limit applies (as Spring's form filter for PUT would)
 * can make crweb hold more. Such a refusal is answered 413 like the others. Tomcat's own form parsing is bounded by
 * {@code server.tomcat.max-http-form-post-size}, set to the same limit.
 */
final class BodyCapFilter extends OncePerRequestFilter {

    private final long capBytes;
    private final JsonMapper json;

    BodyCapFilter(long capBytes, JsonMapper json) {
        this.capBytes = capBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(new CappedRequest(request, capBytes), response);
        } catch (IOException | ServletException | RuntimeException e) {
            BodyTooLargeException tooLarge = find(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            // the body only: the headers already written (the security headers among them) stay
            response.resetBuffer();
            response.setContentLengthLong(-1);
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), tooLarge.toApiError());
        }
    }

    private static BodyTooLargeException find(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    /** The request with a body stream that refuses to give more than the cap. */
    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final long capBytes;
        private ServletInputStream capped;
        private BufferedReader reader;

        CappedRequest(HttpServletRequest request, long capBytes) {
            super(request);
            this.capBytes = capBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (capped == null) {
                capped = new CappedStream(super.getInputStream(), capBytes);
            }
            return capped;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    /** Counts what is read and throws once more than the cap was asked for. */
    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long capBytes;
        private long read;

        CappedStream(ServletInputStream in, long capBytes) {
            this.in = in;
            this.capBytes = capBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            // never ask for more than one byte past the cap, so the overflow is seen without reading further
            int asked = (int) Math.min(length, capBytes - read + 1);
            int n = in.read(buffer, offset, asked);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > capBytes) {
                throw new BodyTooLargeException(capBytes, -1);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
