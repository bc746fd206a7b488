package io.cloudroutes.crweb.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Where in the UI a page is, for the menu to mark it ({@code aria-current}): {@code navPath} is the page's path,
 * {@code navSection} the menu entry it belongs to.
 */
@ControllerAdvice
class Navigation {

    @ModelAttribute("navPath")
    String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ModelAttribute("navSection")
    String section(HttpServletRequest request) {
        String path = path(request);
        if (path.equals("/")) {
            return "dashboard";
        }
        for (String section :
                new String[] {"monitors", "reactions", "status-pages", "account", "team", "teams", "docs"}) {
            if (path.equals("/" + section) || path.startsWith("/" + section + "/")) {
                return section;
            }
        }
        return "";
    }
}
