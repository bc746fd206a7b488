package io.cloudroutes.crweb.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The documentation is served inside the UI with its links working, and nothing outside it can be read through it; the
 * API reference is a readable page beside its document.
 */
@CrwebIntegrationTest
class DocumentationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    RequestPostProcessor person;

    @BeforeEach
    void aPerson() {
        UserAccount account = users.save(new UserAccount("links-" + UUID.randomUUID() + "@example.com", "x"));
        person = user(accounts.loadUserByUsername(account.getEmail()));
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(person))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void theDocumentationIsServedInsideTheUiWithItsLinksWorking() throws Exception {
        String index = mvc.perform(get("/docs/"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(index).contains("href=\"/docs/architecture.md\"").contains("href=\"/docs/checks/http.md\"");
        String checks = mvc.perform(get("/docs/checks.md"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // relative links stay relative, so they resolve under /docs/ as in the repository
        assertThat(checks).contains("<table>").contains("href=\"checks/http.md\"");
        mvc.perform(get("/docs/checks/http.md")).andExpect(status().isOk());
        mvc.perform(get("/docs/webhooks/")).andExpect(status().isOk());
        String semantics = mvc.perform(get("/docs/monitoring-semantics.md"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(semantics).contains("id=\"reactions\"");
    }

    @Test
    void nothingOutsideTheDocumentationCanBeReadThroughIt() throws Exception {
        for (String path : new String[] {
            "/docs/nope.md",
            "/docs/../crweb.properties",
            "/docs/%2e%2e/crweb.properties",
            "/docs/..%2Fcrweb.properties",
            "/docs/application.properties",
            "/docs/checks/../../pom.xml"
        }) {
            int status = mvc.perform(get(path)).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isIn(400, 404);
        }
    }

    @Test
    void theApiReferenceIsAReadablePageBesideItsDocument() throws Exception {
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        String config = mvc.perform(get("/api/v1/openapi.json/swagger-config"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(config).contains("/api/v1/openapi.json");
        assertThat(page("/account/api-keys"))
                .contains("href=\"/swagger-ui.html\"")
                .contains("Authorize");
    }
}
