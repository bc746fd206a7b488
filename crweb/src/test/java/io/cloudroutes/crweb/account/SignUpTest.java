package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import io.cloudroutes.crweb.SignedInPeople;
import org.junit.jupiter.api.Test;

/**
 * Signing up on the page: only a bcrypt hash of the password is stored, and an email address that has an account
 * already, in any case, makes no second one.
 */
class SignUpTest extends SignedInPeople {

    @Test
    void signUpStoresABcryptHashAndSendsTheUserToLogin() throws Exception {
        mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", "new@example.com")
                        .param("password", "long enough pw"))
                .andExpect(redirectedUrl("/login?signedUp"));
        String hash =
                jdbc.queryForObject("select password_hash from users where email = 'new@example.com'", String.class);
        assertThat(hash).startsWith("$2").doesNotContain("long enough pw");
    }

    @Test
    void aDuplicateEmailInAnotherCaseCreatesNothing() throws Exception {
        long before = users.count();
        mvc.perform(post("/signup")
                        .with(csrf())
                        .param("email", aliceAccount.getEmail().toUpperCase())
                        .param("password", "long enough pw"))
                .andExpect(redirectedUrl("/login?signedUp"));
        assertThat(users.count()).isEqualTo(before);
    }

    @Test
    void withoutMailTheSignUpPageSaysThatNewAccountsCannotBeConfirmed() throws Exception {
        // the shared crweb has no SMTP server, and email confirmation is required (the default)
        String page = mvc.perform(get("/signup"))
                .andReturn()
                .getResponse()
                .getContentAsString()
                .replaceAll("\\s+", " ");
        assertThat(page)
                .contains("This CloudRoutes cannot send email (no SMTP server is configured), so a new account cannot "
                        + "get the link that confirms its address and cannot log in until it does.");
    }
}
