package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives every page a signed-in person sees the team they act in ({@code activeTeam}, for the header and for what the
 * page offers their role) and the teams they may switch to ({@code myTeams}). API answers have no view and pay nothing.
 */
class TeamModel implements HandlerInterceptor {

    private final ActiveTeams teams;

    TeamModel(ActiveTeams teams) {
        this.teams = teams;
    }

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (page == null || !page.hasView() || isRedirect(page)) {
            return;
        }
        Optional<CurrentUser> user = TeamAccessInterceptor.signedIn();
        if (user.isEmpty()) {
            return;
        }
        teams.resolve(request, user.get()).ifPresent(team -> page.addObject("activeTeam", team));
        page.addObject("myTeams", teams.teamsOf(user.get().id()));
    }

    private static boolean isRedirect(ModelAndView page) {
        return page.getViewName() != null && page.getViewName().startsWith("redirect:");
    }
}
