package io.cloudroutes.crweb.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.StatusPageLimits;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Without CLOUDROUTES_PUBLIC_URL crweb knows its own host only as the address it serves on, so a team could claim the
 * real name of the deployment: custom domains are off, and the page says why.
 */
@TestPropertySource(properties = "cloudroutes.public-url=")
class CustomDomainsOffTest extends SignedInPeople {

    @Autowired
    StatusPageRepository pages;

    @Test
    void aCustomDomainIsRefusedAndTheFieldIsDisabledWithTheReason() throws Exception {
        long before = pages.count();
        mvc.perform(get("/status-pages/new").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Custom domains are off")))
                .andExpect(content().string(containsString("disabled=\"disabled\" name=\"customDomain\"")));
        mvc.perform(post("/status-pages")
                        .with(csrf())
                        .with(alice)
                        .param("slug", "off-" + UUID.randomUUID().toString().substring(0, 8))
                        .param("title", "Acme")
                        .param("customDomain", "status.acme.example"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "customDomain", "invalid"))
                .andExpect(content()
                        .string(containsString(
                                "custom domains are off: the operator must set CLOUDROUTES_PUBLIC_URL")));
        mvc.perform(post("/api/v1/status-pages")
                        .with(TestInfrastructure.bearer(TestInfrastructure.apiKey(mvc, alice)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"off-"
                                + UUID.randomUUID().toString().substring(0, 8)
                                + "\",\"title\":\"Acme\",\"customDomain\":\"status.acme.example\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.OFF_MESSAGE)));
        assertThat(pages.count()).isEqualTo(before);
    }
}
