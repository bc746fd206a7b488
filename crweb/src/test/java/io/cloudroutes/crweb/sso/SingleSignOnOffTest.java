package io.cloudroutes.crweb.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** crweb with no single sign-on provider configured, as by default: no button, and no endpoint of the flow answers. */
@CrwebIntegrationTest
class SingleSignOnOffTest {

    @Autowired
    MockMvc mvc;

    @Test
    void theLogInPageHasNoSingleSignOnButton() throws Exception {
        String page = mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Log in").doesNotContain("Log in with").doesNotContain("/oauth2/authorization");
    }

    @Test
    void theFlowsEndpointsAreNotThere() throws Exception {
        mvc.perform(get("/oauth2/authorization/corp")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login/oauth2/code/corp").param("code", "abc").param("state", "xyz"))
                .andExpect(redirectedUrl("/login"));
    }
}
