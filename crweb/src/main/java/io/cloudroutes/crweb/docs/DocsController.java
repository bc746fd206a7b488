package io.cloudroutes.crweb.docs;

import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The documentation inside the UI, at {@code /docs/…} under the same paths as in the repository (e.g.
 * {@code /docs/checks/http.md}), so the relative links between pages work as they are, on any install and offline.
 */
@Controller
class DocsController {

    private final DocPages pages;

    DocsController(DocPages pages) {
        this.pages = pages;
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/docs")
    String docsFolder() {
        return "redirect:/docs/";
    }

    /** The list of pages. */
    @Requires(Permission.PUBLIC)
    @GetMapping("/docs/")
    String index(Model model) {
        model.addAttribute("pages", pages.all());
        return "docs/index";
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/docs/**")
    String page(HttpServletRequest request, Model model) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/docs/".length());
        DocPages.DocPage page =
                pages.find(path).orElseThrow(() -> new NotFoundException("documentation page '" + path + "'"));
        model.addAttribute("page", page);
        return "docs/page";
    }
}
