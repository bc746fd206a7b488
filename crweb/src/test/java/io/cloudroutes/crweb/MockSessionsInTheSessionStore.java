package io.cloudroutes.crweb;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Lets a test carry a log-in across MockMvc requests with a {@code MockHttpSession}, as it did before crweb kept its
 * sessions in PostgreSQL: the mock session becomes the browser's cookie jar. The session cookie crweb sets is kept in
 * it and sent with the next request that carries it; attributes a test put in a mock session itself are first stored
 * as a session of the store. Imported with every {@code @AutoConfigureMockMvc} (META-INF/spring/…AutoConfigureMockMvc.imports).
 */
@TestConfiguration(proxyBeanMethods = false)
public class MockSessionsInTheSessionStore {

    /** crweb's session cookie (Spring Session's default name). */
    public static final String COOKIE = "SESSION";

    private static final String COOKIE_VALUE = MockSessionsInTheSessionStore.class.getName() + ".cookie";

    /** Inside the database outage filter, outside the session store's filter. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> mockSessionBridge(SessionRepository<? extends Session> store) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Bridge(store));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    private static final class Bridge extends OncePerRequestFilter {

        private final SessionRepository<? extends Session> store;

        Bridge(SessionRepository<? extends Session> store) {
            this.store = store;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
            HttpSession jar = mock == null ? null : mock.getSession(false);
            if (jar == null || WebUtils.getCookie(request, COOKIE) != null) {
                chain.doFilter(request, response);
                return;
            }
            String cookie = (String) jar.getAttribute(COOKIE_VALUE);
            if (cookie == null && jar.getAttributeNames().hasMoreElements()) {
                // once: the next requests of this mock session use the same session of the store
                cookie = stored(jar);
                jar.setAttribute(COOKIE_VALUE, cookie);
            }
            if (cookie != null) {
                List<Cookie> cookies = new ArrayList<>();
                if (mock.getCookies() != null) {
                    Collections.addAll(cookies, mock.getCookies());
                }
                cookies.add(new Cookie(COOKIE, cookie));
                mock.setCookies(cookies.toArray(Cookie[]::new));
            }
            chain.doFilter(request, response);
            MockHttpServletResponse answer = WebUtils.getNativeResponse(response, MockHttpServletResponse.class);
            if (answer != null) {
                for (String set : answer.getHeaders(HttpHeaders.SET_COOKIE)) {
                    if (set.startsWith(COOKIE + "=")) {
                        String value = set.substring(COOKIE.length() + 1).split(";", 2)[0];
                        if (value.isEmpty() || set.contains("Max-Age=0")) {
                            jar.removeAttribute(COOKIE_VALUE);
                        } else {
                            jar.setAttribute(COOKIE_VALUE, value);
                        }
                    }
                }
            }
        }

        private <S extends Session> String stored(HttpSession jar) {
            @SuppressWarnings("unchecked")
            SessionRepository<S> sessions = (SessionRepository<S>) store;
            S session = sessions.createSession();
            for (String name : Collections.list(jar.getAttributeNames())) {
                session.setAttribute(name, jar.getAttribute(name));
            }
            sessions.save(session);
            return Base64.getEncoder().encodeToString(session.getId().getBytes(StandardCharsets.UTF_8));
        }
    }
}
