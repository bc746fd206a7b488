package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;

/**
 * Who reaches crweb's pages: a visitor who is not logged in is sent to log in, and a form posted without its CSRF token
 * is refused and changes nothing.
 */
class PageAccessTest extends SignedInPeople {

    @Test
    void aFormPostWithoutCsrfIsRefused() throws Exception {
        long before = users.count();
        mvc.perform(post("/signup").param("email", "csrf@example.com").param("password", "long enough pw"))
                .andExpect(status().isForbidden());
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .with(SecurityMockMvcRequestPostProcessors.csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        assertThat(users.count()).isEqualTo(before);
    }

    @Test
    void anonymousVisitorsAreSentToLogin() throws Exception {
        mvc.perform(get("/monitors")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/signup")).andExpect(status().isOk());
    }
}
