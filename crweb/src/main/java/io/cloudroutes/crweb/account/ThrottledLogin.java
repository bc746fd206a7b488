package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.DatabaseOutage;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The log-in form's authentication, throttled by {@link LoginThrottle}: a locked-out email or client address is
 * refused before its password is checked (so a lock-out cannot be used to test passwords), each failure is counted,
 * and the login page says until when the lock-out lasts. Its manager has this one provider and no parent, so nothing
 * can authenticate a form log-in around the throttle.
 */
@Component
public class ThrottledLogin {

    /** The model attribute the login page shows a lock-out with. */
    static final String LOCKOUT_ATTRIBUTE = "lockout";

    private final LoginThrottle throttle;
    private final Clock clock;
    private final AuthenticationManager manager;
    private final SessionFlashMapManager flashMaps = new SessionFlashMapManager();

    ThrottledLogin(
            LoginThrottle throttle,
            UserDetailsService accounts,
            PasswordEncoder passwords,
            Clock clock,
            UnconfirmedEmailCheck confirmedEmail) {
        this.throttle = throttle;
        this.clock = clock;
        DaoAuthenticationProvider checkPassword = new DaoAuthenticationProvider(accounts);
        checkPassword.setPasswordEncoder(passwords);
        // after the password matched: only someone who knows it learns that the address waits for confirmation
        checkPassword.setPostAuthenticationChecks(confirmedEmail);
        this.manager = new ProviderManager(new Provider(checkPassword));
    }

    /** What the log-in form authenticates with. */
    public AuthenticationManager authenticationManager() {
        return manager;
    }

    /** Where a failed log-in goes: the login page, saying so, or saying until when it is locked out. */
    public AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> {
            if (exception instanceof LoginLockedException locked) {
                FlashMap flash = new FlashMap();
                flash.put(LOCKOUT_ATTRIBUTE, locked.lockout().message(clock.instant()));
                flash.setTargetRequestPath(request.getContextPath() + "/login");
                flashMaps.saveOutputFlashMap(flash, request, response);
                redirect(response, request.getContextPath() + "/login?locked");
            } else if (exception instanceof EmailNotConfirmedException) {
                redirect(response, request.getContextPath() + "/login?unconfirmed");
            } else if (DatabaseOutage.isCause(exception)) {
                // not a wrong password: the accounts could not be read; crweb's outage page says so
                throw new ServletException("the log-in could not be checked", exception);
            } else {
                redirect(response, request.getContextPath() + "/login?error");
            }
        };
    }

    private static void redirect(jakarta.servlet.http.HttpServletResponse response, String location)
            throws IOException {
        response.sendRedirect(response.encodeRedirectURL(location));
    }

    /** A log-in refused because its email or client address is locked out; says until when. */
    static final class LoginLockedException extends AuthenticationException {

        private final transient LoginThrottle.Lockout lockout;

        LoginLockedException(LoginThrottle.Lockout lockout) {
            super(lockout.subject().sentence);
            this.lockout = lockout;
        }

        LoginThrottle.Lockout lockout() {
            return lockout;
        }
    }

    /** Checks the lock-outs, then the password, and counts the outcome. */
    private final class Provider implements AuthenticationProvider {

        private final AuthenticationProvider checkPassword;

        Provider(AuthenticationProvider checkPassword) {
            this.checkPassword = checkPassword;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String email = authentication.getName() == null ? "" : authentication.getName();
            String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress()
                    : "";
            Optional<LoginThrottle.Lockout> locked = throttle.lockout(email, address);
            if (locked.isPresent()) {
                throw new LoginLockedException(locked.get());
            }
            try {
                Authentication authenticated = checkPassword.authenticate(authentication);
                throttle.succeeded(email);
                return authenticated;
            } catch (BadCredentialsException wrong) {
                Optional<LoginThrottle.Lockout> now = throttle.failed(email, address);
                if (now.isPresent()) {
                    throw new LoginLockedException(now.get());
                }
                throw wrong;
            }
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
