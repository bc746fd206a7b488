package io.cloudroutes.crweb.limit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 413 for a request body over the limit before the application reads any of it. A declared Content-Length
 * is checked at once; a streamed (chunked) body is read here up to the limit, so that a controller never parses more.
 *
 * <p>It runs inside a security filter chain at the point where the chain has authenticated what it can: on the REST
 * API after the API key was checked (an unauthenticated call is a 401, whatever its body), on the pages before the
 * CSRF filter reads the form. Streamed form bodies are parsed by Tomcat, whose {@code max-http-form-post-size} crweb
 * sets to the same limit; its refusal is answered here in the same way. Webhook and ping endpoints check their secret
 * first and read with {@link BoundedBody}.
 */
public final class BodyLimitFilter extends OncePerRequestFilter {

    private final long limitBytes;
    private final JsonMapper json;

    public BodyLimitFilter(long limitBytes, JsonMapper json) {
        this.limitBytes = limitBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest checked;
        try {
            checked = bounded(request);
        } catch (BodyTooLargeException e) {
            refuse(response, e);
            return;
        }
        try {
            chain.doFilter(checked, response);
        } catch (InvalidParameterException e) {
            // Tomcat refused a streamed form over its max-http-form-post-size (the same limit) while parsing it
            if (e.getErrorCode() != HttpStatus.CONTENT_TOO_LARGE.value() || response.isCommitted()) {
                throw e;
            }
            response.reset();
            refuse(response, new BodyTooLargeException(limitBytes, -1));
        }
    }

    private void refuse(HttpServletResponse response, BodyTooLargeException e) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), e.toApiError());
    }

    private HttpServletRequest bounded(HttpServletRequest request) throws IOException {
        BoundedBody.checkDeclared(request, limitBytes);
        if (request.getContentLengthLong() >= 0
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
                || isFormPost(request)) {
            return request;
        }
        return new BufferedBody(request, BoundedBody.read(request, limitBytes));
    }

    /**
     * Form posts are read by Tomcat's parameter parser, which enforces its own size limit. Only POSTs: Tomcat parses
     * no other method's form, and crweb parses no multipart body at all, so those are read here like any other.
     */
    private static boolean isFormPost(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod())
                && type != null
                && type.regionMatches(
                        true,
                        0,
                        MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                        0,
                        MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
    }

    /** The request with its streamed body already read (within the limit). */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
