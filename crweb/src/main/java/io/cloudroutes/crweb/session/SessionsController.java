package io.cloudroutes.crweb.session;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page where a person sees where they are logged in (when, from which address, with which browser, last used
 * when) and signs out any of those sessions, or all but this one. Only their own: another person's session is "not
 * found".
 */
@Controller
class SessionsController {

    private final LoginSessions sessions;

    SessionsController(LoginSessions sessions) {
        this.sessions = sessions;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/account/sessions")
    String list(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request, Model model) {
        model.addAttribute("sessions", sessions.of(user.id(), currentHandle(request)));
        return "account/sessions";
    }

    @Requires(Permission.SIGNED_IN)
    @PostMapping("/account/sessions/{handle}/sign-out")
    String signOut(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable String handle,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        if (handle.equals(currentHandle(request))) {
            // this browser's own session: the same as logging out
            request.getSession().invalidate();
            return "redirect:/login?logout";
        }
        if (!sessions.end(user.id(), handle)) {
            throw new NotFoundException("session");
        }
        Flash.notice(redirect, "Signed out that session: its browser has to log in again.");
        return "redirect:/account/sessions";
    }

    @Requires(Permission.SIGNED_IN)
    @PostMapping("/account/sessions/sign-out-others")
    String signOutOthers(
            @AuthenticationPrincipal CurrentUser user, HttpServletRequest request, RedirectAttributes redirect) {
        int ended = sessions.endAllBut(user.id(), currentHandle(request));
        Flash.notice(
                redirect,
                ended == 0
                        ? "You had no other sessions."
                        : "Signed out " + ended + (ended == 1 ? " other session." : " other sessions."));
        return "redirect:/account/sessions";
    }

    private static String currentHandle(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(SignIn.ATTRIBUTE) instanceof SignIn signIn
                ? signIn.handle()
                : null;
    }
}
