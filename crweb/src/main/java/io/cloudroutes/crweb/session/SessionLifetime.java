package io.cloudroutes.crweb.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When a log-in session ends by itself: after {@code cloudroutes.sessions.idle-timeout} without a request, or {@code
 * cloudroutes.sessions.absolute-lifetime} after its log-in however busy it is. Both are checked here by crweb's clock on
 * every page request ({@link #expiryFilter()}); the session store drops idle sessions too, by the same limit. A browser
 * whose session ended (by itself, or signed out from another session) is sent to the log-in page with a notice that
 * says so.
 */
@Component
public class SessionLifetime {

    /** The log-in page's address when a session ended: it shows "Your session expired". */
    static final String LOGIN_EXPIRED = "/login?expired";

    private static final Logger log = LoggerFactory.getLogger(SessionLifetime.class);
    /** The last-active time is written at most this often: one write per page view would be a write per request. */
    private static final Duration LAST_ACTIVE_STEP = Duration.ofMinutes(1);

    private final SessionExpiryProperties limits;
    private final Clock clock;

    SessionLifetime(SessionExpiryProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Whether a session of this log-in, last used at {@code lastActive}, has ended by itself at {@code now}. */
    boolean isOver(SignIn signIn, Instant lastActive, Instant now) {
        return !now.isBefore(signIn.signedInAt().plus(limits.absoluteLifetime()))
                || !now.isBefore(lastActive.plus(limits.idleTimeout()));
    }

    /** When the session was last used: its last recorded request, or its log-in. */
    static Instant lastActive(SignIn signIn, Object recorded) {
        return recorded instanceof Instant instant ? instant : signIn.signedInAt();
    }

    /**
     * Ends a session that is over before anything reads it, and sends its browser to log in again; records the last
     * use of the others. For the page chain only: webhooks, pings and probes never look at a session.
     */
    public OncePerRequestFilter expiryFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // no session cookie, no session: nothing to read from the store
                HttpSession session = request.getRequestedSessionId() == null ? null : request.getSession(false);
                if (session != null && session.getAttribute(SignIn.ATTRIBUTE) instanceof SignIn signIn) {
                    Instant now = clock.instant();
                    Instant lastActive = lastActive(signIn, session.getAttribute(SignIn.LAST_ACTIVE_ATTRIBUTE));
                    if (isOver(signIn, lastActive, now)) {
                        log.info(
                                "a log-in session expired signed_in_at={} last_active={}",
                                signIn.signedInAt(),
                                lastActive);
                        session.invalidate();
                        response.sendRedirect(response.encodeRedirectURL(request.getContextPath() + LOGIN_EXPIRED));
                        return;
                    }
                    if (!now.isBefore(lastActive.plus(LAST_ACTIVE_STEP))) {
                        session.setAttribute(SignIn.LAST_ACTIVE_ATTRIBUTE, now);
                    }
                }
                chain.doFilter(request, response);
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI()
                        .substring(request.getContextPath().length());
                // style sheets and scripts are not a person's activity, and need no read of the store
                return path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico");
            }
        };
    }

    /**
     * Where a request that needs a log-in goes: the log-in page, saying that the session expired when the browser
     * still presented a session that is gone (idle too long in the store, or signed out from elsewhere).
     */
    public AuthenticationEntryPoint loginEntryPoint() {
        return new LoginUrlAuthenticationEntryPoint("/login") {
            @Override
            protected String determineUrlToUseForThisRequest(
                    HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
                return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid()
                        ? LOGIN_EXPIRED
                        : "/login";
            }
        };
    }
}
