package io.cloudroutes.crweb.session;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Remembers in the new log-in session when, from which address and with which browser the person logged in
 * ({@link SignIn}), for the sessions page and the absolute lifetime. Listens for every interactive log-in, whichever
 * way it was made.
 */
@Component
class SignInRecorder {

    private final Clock clock;

    SignInRecorder(Clock clock) {
        this.clock = clock;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return; // not a request: no session to remember it in
        }
        HttpServletRequest request = attributes.getRequest();
        // the remote address is the proxy's forwarded one where server.forward-headers-strategy=native trusts it
        request.getSession()
                .setAttribute(
                        SignIn.ATTRIBUTE,
                        SignIn.now(
                                clock.instant(), request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
    }
}
