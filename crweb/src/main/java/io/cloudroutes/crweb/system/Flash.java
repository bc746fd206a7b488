package io.cloudroutes.crweb.system;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one-line confirmation the next page shows after a change (saved, deleted, held), once: a flash attribute. */
public final class Flash {

    /** The model attribute the layout shows at the top of the page. */
    public static final String NOTICE = "notice";

    private Flash() {}

    public static void notice(RedirectAttributes redirect, String text) {
        redirect.addFlashAttribute(NOTICE, text);
    }
}
