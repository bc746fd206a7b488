package io.cloudroutes.crweb.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outermost filter: a request that failed because PostgreSQL is unreachable or stalled (in a page, in the log-in,
 * anywhere the API's own handlers did not answer already) gets a 503 with Retry-After instead of a 500: the documented
 * JSON error under {@code /api/}, a page that says what happened for browsers.
 */
final class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final DatabaseOutage outage;
    private final JsonMapper json;
    private final byte[] page;

    DatabaseOutageFilter(DatabaseOutage outage, JsonMapper json) {
        this.outage = outage;
        this.json = json;
        try (InputStream in = DatabaseOutageFilter.class.getResourceAsStream("database-unavailable.html")) {
            if (in == null) {
                throw new IllegalStateException("database-unavailable.html is missing from crweb's class path");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!outage.record(e) || response.isCommitted()) {
                throw e;
            }
            log.warn(
                    "answered 503, the database cannot be reached method={} path={} error={}",
                    request.getMethod(),
                    request.getRequestURI(),
                    rootMessage(e));
            outage.answeredUnavailable();
            respond(request, response);
        }
    }

    private void respond(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.resetBuffer(); // keeps the security headers already set
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseOutage.retryAfterHeader());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), DatabaseOutage.apiError());
        } else {
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            response.getOutputStream().write(page);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
