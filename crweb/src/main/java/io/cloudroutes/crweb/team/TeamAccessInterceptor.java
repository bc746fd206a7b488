package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks, before any CloudRoutes handler runs, the permission it declares ({@link Requires}) against the member's
 * role in the team the request acts in. A handler that declares none is refused: a new endpoint cannot be forgotten.
 */
class TeamAccessInterceptor implements HandlerInterceptor {

    private final ActiveTeams teams;

    TeamAccessInterceptor(ActiveTeams teams) {
        this.teams = teams;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !isOurs(method)) {
            // Spring's own error and API-document handlers: the security filter chains decide who reaches them
            return true;
        }
        Permission needed = required(method);
        if (!needed.needsTeam()) {
            return true;
        }
        CurrentUser user = signedIn().orElseThrow(() -> new ForbiddenException("sign in first"));
        ActiveTeam team = teams.resolve(request, user)
                .orElseThrow(() -> new ForbiddenException(
                        "the member this API key acts as is no longer in its team; use a key of a current member"));
        if (!team.may(needed)) {
            throw new ForbiddenException("your role in team '" + team.name() + "' is "
                    + team.role().label() + ": this needs the role "
                    + needed.leastRole().label() + " or higher; ask an owner or admin of the team");
        }
        return true;
    }

    /** The permission a handler declares, on itself or its controller. */
    static Permission required(HandlerMethod method) {
        Requires requires = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Requires.class);
        if (requires == null) {
            requires = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Requires.class);
        }
        if (requires == null) {
            throw new IllegalStateException(
                    method.getShortLogMessage() + " declares no @Requires: every handler must say what it needs");
        }
        return requires.value();
    }

    static boolean isOurs(HandlerMethod method) {
        return method.getBeanType().getPackageName().startsWith("io.cloudroutes.");
    }

    static Optional<CurrentUser> signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user
                ? Optional.of(user)
                : Optional.empty();
    }
}
