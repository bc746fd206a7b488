package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.system.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactory;
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
    private final BeanFactory beans;

    TeamAccessInterceptor(ActiveTeams teams, BeanFactory beans) {
        this.teams = teams;
        this.beans = beans;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !isOurs(method)) {
            // Spring's own error and API-document handlers: the security filter chains decide who reaches them
            return true;
        }
        Requires requires = requires(method);
        Permission needed = requires.value();
        if (!needed.needsTeam()) {
            return true;
        }
        CurrentUser user = signedIn().orElseThrow(() -> new ForbiddenException("sign in first"));
        ActiveTeam team = requires.teamOf() == TeamOfAddress.class
                ? teams.resolve(request, user)
                        .orElseThrow(() -> new ForbiddenException(
                                "the member this API key acts as is no longer in its team; use a key of a current "
                                        + "member"))
                : teamOfAddress(request, user, beans.getBean(requires.teamOf()));
        if (!team.may(needed)) {
            throw new ForbiddenException("your role in team '" + team.name() + "' is "
                    + team.role().label() + ": this needs the role "
                    + needed.leastRole().label() + " or higher; ask an owner or admin of the team");
        }
        return true;
    }

    /** The team the address names, for a member of it; for anyone else there is nothing there. */
    private ActiveTeam teamOfAddress(HttpServletRequest request, CurrentUser user, TeamOfAddress address) {
        return address.teamOf(request)
                .flatMap(teamId -> teams.resolveIn(request, user, teamId))
                .orElseThrow(() -> new NotFoundException(address.what()));
    }

    /** The permission a handler declares, on itself or its controller. */
    static Permission required(HandlerMethod method) {
        return requires(method).value();
    }

    private static Requires requires(HandlerMethod method) {
        Requires requires = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Requires.class);
        if (requires == null) {
            requires = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Requires.class);
        }
        if (requires == null) {
            throw new IllegalStateException(
                    method.getShortLogMessage() + " declares no @Requires: every handler must say what it needs");
        }
        return requires;
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
