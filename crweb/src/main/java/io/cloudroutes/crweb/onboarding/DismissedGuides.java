package io.cloudroutes.crweb.onboarding;

import jakarta.servlet.http.HttpSession;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The teams whose onboarding guide the person dismissed, kept in their login session: the guide stays away for as
 * long as they are logged in on this browser, and is offered again in a new session until the team is set up.
 */
@Component
class DismissedGuides {

    /** The session attribute; a set of team ids (serializable, as the session store needs). */
    static final String ATTRIBUTE = "cloudroutes.onboarding.dismissed";

    void dismiss(HttpSession session, long teamId) {
        HashSet<Long> teams = new HashSet<>(teams(session));
        teams.add(teamId);
        // set again, not changed in place, so that the session store writes it
        session.setAttribute(ATTRIBUTE, teams);
    }

    boolean has(long teamId) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpSession session = attributes.getRequest().getSession(false);
            return session != null && teams(session).contains(teamId);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Set<Long> teams(HttpSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof Set<?> set ? (Set<Long>) set : Set.of();
    }
}
