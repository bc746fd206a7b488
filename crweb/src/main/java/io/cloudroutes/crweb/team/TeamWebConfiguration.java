package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every handler's permission checked before it runs; an {@link ActiveTeam} parameter given to handlers that ask. */
@Configuration(proxyBeanMethods = false)
class TeamWebConfiguration implements WebMvcConfigurer {

    private final ActiveTeams teams;
    private final BeanFactory beans;

    TeamWebConfiguration(ActiveTeams teams, BeanFactory beans) {
        this.teams = teams;
        this.beans = beans;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TeamAccessInterceptor(teams, beans));
        registry.addInterceptor(new TeamModel(teams));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == ActiveTeam.class;
            }

            @Override
            public ActiveTeam resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer mav,
                    NativeWebRequest request,
                    WebDataBinderFactory binders) {
                CurrentUser user =
                        TeamAccessInterceptor.signedIn().orElseThrow(() -> new ForbiddenException("sign in first"));
                return teams.resolve(request.getNativeRequest(HttpServletRequest.class), user)
                        .orElseThrow(() -> new ForbiddenException("not a member of this team"));
            }
        });
    }
}
