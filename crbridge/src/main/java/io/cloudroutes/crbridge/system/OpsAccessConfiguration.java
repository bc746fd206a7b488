package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.ops.OpsAccess;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps crbridge's actuator (metrics, {@code POST /actuator/rebuild}) from strangers: it listens on loopback unless
 * CLOUDROUTES_BRIDGE_ADDRESS says otherwise, which then needs CLOUDROUTES_OPS_TOKEN; health probes stay open and tell
 * only the status.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class OpsAccessConfiguration {

    @Bean
    OpsAccessFilter opsAccessFilter(OpsProperties ops, ServerProperties server) {
        OpsAccess access = ops.access();
        InetAddress address = server.getAddress();
        access.requireTokenOffLoopback(address == null ? null : address.getHostAddress(), "CLOUDROUTES_BRIDGE_ADDRESS");
        return new OpsAccessFilter(access);
    }

    /** Answers 401 to a request for an actuator endpoint other than health that does not present the token. */
    static final class OpsAccessFilter extends OncePerRequestFilter {

        private final OpsAccess access;

        OpsAccessFilter(OpsAccess access) {
            this.access = access;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            // the servlet path is decoded and normalized by the container: "/actuator/health/../rebuild" is not health
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (access.permits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                chain.doFilter(request, response);
                return;
            }
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream()
                    .write(("{\"error\":\"unauthorized\",\"message\":\"send the ops token: " + "Authorization: Bearer <"
                                    + OpsAccess.TOKEN_VARIABLE + ">\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }
}
