package io.cloudroutes.crweb.statuspage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves a published status page at its custom domain: a GET of {@code /} (or {@code /status.json}) whose Host is a
 * page's domain is handled as {@code /status/{slug}} (or {@code /status/{slug}.json}), before Spring Security sees
 * it, so that it passes as the public page it is. Every other request, and every other host, goes on unchanged.
 */
final class CustomDomainFilter extends OncePerRequestFilter {

    static final String JSON_PATH = "/status.json";

    private final SingletonSupplier<CustomDomains> domains;

    CustomDomainFilter(ObjectProvider<CustomDomains> domains) {
        this.domains = SingletonSupplier.of(domains::getObject);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean page = path.equals("/");
        boolean json = path.equals(JSON_PATH);
        if ((page || json) && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            Optional<String> slug = domains.obtain().slugAt(request.getServerName());
            if (slug.isPresent()) {
                chain.doFilter(new Rewritten(request, "/status/" + slug.get() + (json ? ".json" : "")), response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The request as if it had asked for {@code path}. */
    private static final class Rewritten extends HttpServletRequestWrapper {

        private final String path;

        Rewritten(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + path;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (port > 0
                    && !(port == 80 && "http".equals(getScheme()))
                    && !(port == 443 && "https".equals(getScheme()))) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }
    }
}
