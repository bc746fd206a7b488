package io.cloudroutes.crweb.session;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.account.PasswordChanged;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ends an account's log-in sessions when its password changes, so that whoever knew the old password is signed out
 * everywhere; the session the person changed it in stays.
 */
@Component
class OtherSessionsEnd {

    private static final Logger log = LoggerFactory.getLogger(OtherSessionsEnd.class);

    private final LoginSessions sessions;

    OtherSessionsEnd(LoginSessions sessions) {
        this.sessions = sessions;
    }

    /** Once the new password is committed (or at once where the change ran outside a transaction). */
    @TransactionalEventListener(fallbackExecution = true)
    void passwordChanged(PasswordChanged event) {
        int ended = sessions.endAllBut(event.userId(), sessionOfTheSamePerson(event.userId()));
        log.info("password changed, log-in sessions ended user_id={} sessions={}", event.userId(), ended);
    }

    /** The handle of the session this request runs in, when its person is the account's; null otherwise. */
    private static String sessionOfTheSamePerson(long userId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication != null
                && authentication.getPrincipal() instanceof CurrentUser user
                && user.id() == userId
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpSession session = attributes.getRequest().getSession(false);
        return session != null && session.getAttribute(SignIn.ATTRIBUTE) instanceof SignIn signIn
                ? signIn.handle()
                : null;
    }
}
