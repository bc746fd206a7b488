package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An install without mail that switched email confirmation off: a new account logs in right after sign-up, and the
 * sign-up page does not warn about links it would not need.
 */
@CrwebIntegrationTest
@TestPropertySource(properties = "cloudroutes.accounts.require-email-confirmation=false")
class SignUpWithoutEmailConfirmationTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aNewAccountLogsInRightAfterSignUp() throws Exception {
        String email = "self-hosted-" + UUID.randomUUID() + "@example.com";
        assertThat(mvc.perform(get("/signup")).andReturn().getResponse().getContentAsString())
                .doesNotContain("cannot send email");
        mvc.perform(post("/signup").with(csrf()).param("email", email).param("password", "long enough pw"));
        assertThat(MailedLinks.text(mvc.perform(get("/login?signedUp"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .contains("If this email address had no account yet, your account is ready");
        String location = mvc.perform(post("/login")
                        .with(csrf())
                        .with(MailedLinks.from(MailedLinks.address()))
                        .param("username", email)
                        .param("password", "long enough pw"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(location).isEqualTo("/");
    }

    @Test
    void aLinkLifetimeUnderAMinuteIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new AccountProperties(
                        true,
                        Duration.ofSeconds(30),
                        Duration.ofHours(1),
                        5,
                        20,
                        Duration.ofHours(1),
                        Duration.ofDays(7)))
                .hasMessage("cloudroutes.accounts.confirmation-link-lifetime must be at least 1m, got PT30S");
    }
}
