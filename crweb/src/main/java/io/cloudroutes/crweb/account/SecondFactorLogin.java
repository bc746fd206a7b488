package io.cloudroutes.crweb.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * The second step of a log-in for accounts with two-factor authentication on. A right password for such an account
 * does not sign the session in: it records "password verified, second factor pending" in the session, for
 * {@link #PENDING_FOR}, and sends the person to the code page ({@code /login/code}). Until a right code or recovery
 * code is typed there the session holds no authentication, so every page but the code page, the public ones and
 * log-out still sends it to the log-in page. Accounts without a second factor log in as before.
 *
 * <p>The log-in form's authentication manager and failure handler are wrapped, so the password check, its throttling
 * and what a wrong password is told stay {@link ThrottledLogin}'s.
 */
@Component
public class SecondFactorLogin {

    /** How long after the right password the code may be typed. */
    static final Duration PENDING_FOR = Duration.ofMinutes(5);

    static final String CODE_PAGE = "/login/code";

    private static final String PENDING = SecondFactorLogin.class.getName() + ".PENDING";

    private final TwoFactorService twoFactor;
    private final UserDetailsService accounts;
    private final Clock clock;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository sessionContexts = new HttpSessionSecurityContextRepository();
    private final CsrfAuthenticationStrategy newCsrfToken =
            new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository());

    SecondFactorLogin(TwoFactorService twoFactor, UserDetailsService accounts, Clock clock) {
        this.twoFactor = twoFactor;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A log-in whose password was right, waiting for its second factor. */
    record Pending(long userId, String email, Instant passwordAt) implements Serializable {}

    /** The password was right and the account has a second factor: not signed in yet. */
    static final class SecondFactorRequired extends AuthenticationException {

        private final Pending pending;

        SecondFactorRequired(Pending pending) {
            super("the second factor is still to be checked");
            this.pending = pending;
        }
    }

    /** {@code passwordChecked}, with accounts that have a second factor sent on to the code page instead. */
    public AuthenticationManager authenticationManager(AuthenticationManager passwordChecked) {
        return authentication -> {
            Authentication checked = passwordChecked.authenticate(authentication);
            if (checked.getPrincipal() instanceof CurrentUser user && twoFactor.isEnabled(user.id())) {
                throw new SecondFactorRequired(new Pending(user.id(), user.getUsername(), clock.instant()));
            }
            return checked;
        };
    }

    /** {@code otherwise}, except that a log-in waiting for its second factor goes to the code page. */
    public AuthenticationFailureHandler failureHandler(AuthenticationFailureHandler otherwise) {
        return (request, response, exception) -> {
            if (exception instanceof SecondFactorRequired required) {
                HttpSession session = request.getSession();
                // a new session id for the half-done log-in, and another once it is done
                request.changeSessionId();
                session.setAttribute(PENDING, required.pending);
                response.sendRedirect(response.encodeRedirectURL(request.getContextPath() + CODE_PAGE));
            } else {
                otherwise.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /** The pending log-in of this session, unless there is none or it is older than {@link #PENDING_FOR}. */
    Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING) instanceof Pending pending)) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(pending.passwordAt().plus(PENDING_FOR))) {
            session.removeAttribute(PENDING);
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /** Whether this session had a pending log-in that ran out (and forgets it). */
    boolean expired(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        boolean had = session != null && session.getAttribute(PENDING) instanceof Pending;
        return had && pending(request).isEmpty();
    }

    /**
     * Signs the session in as the pending log-in's account, as the log-in form does for an account without a second
     * factor: a new session id and CSRF token, the authentication stored in the session. Where to go next: the page
     * that was asked for before the log-in, or the dashboard.
     */
    String signIn(Pending pending, HttpServletRequest request, HttpServletResponse response) {
        UserDetails user = accounts.loadUserByUsername(pending.email());
        if (!(user instanceof CurrentUser current) || current.id() != pending.userId()) {
            throw new IllegalStateException("the account of a pending log-in changed its email");
        }
        request.getSession().removeAttribute(PENDING);
        request.changeSessionId();
        Authentication authentication =
                UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities());
        newCsrfToken.onAuthentication(authentication, request, response);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        sessionContexts.saveContext(context, request, response);
        HttpSessionRequestCache requests = new HttpSessionRequestCache();
        requests.setMatchingRequestParameterName(null);
        SavedRequest asked = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        return asked == null ? request.getContextPath() + "/" : asked.getRedirectUrl();
    }
}
