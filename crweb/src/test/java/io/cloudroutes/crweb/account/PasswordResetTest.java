package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestMailbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MvcResult;

/**
 * "Forgot your password?": the same answer for every address, a link mailed to a registered one that works once, for
 * an hour, for a reset only, and only as the latest one asked for; the new password works at once, the old one no
 * longer, and the address counts as confirmed.
 */
@RecordApplicationEvents
class PasswordResetTest extends MailedLinks {

    private static final String RESET_LINK = CrwebIntegrationTest.PUBLIC_URL + "/password-reset/new?token=";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Autowired
    ApplicationEvents events;

    private MvcResult askForReset(String email) throws Exception {
        return mvc.perform(post("/password-reset")
                        .with(csrf())
                        .with(from(address()))
                        .param("email", email))
                .andReturn();
    }

    private MvcResult setPassword(String token, String password) throws Exception {
        return mvc.perform(post("/password-reset/new")
                        .with(csrf())
                        .param("token", token)
                        .param("password", password))
                .andReturn();
    }

    @Test
    void theMailedLinkSetsANewPasswordOnce() throws Exception {
        String email = account("alice");
        long userId = users.findByEmail(email).orElseThrow().getId();
        assertThat(text(mvc.perform(get("/login")).andReturn().getResponse().getContentAsString()))
                .contains("Forgot your password?");

        askForReset(email);
        TestMailbox.Mail mail = mailbox.first(email);
        assertThat(mail.subject()).isEqualTo("Reset your CloudRoutes password");
        assertThat(mail.text()).contains("open this link within 1 hour").contains("The link works once.");
        String link = mail.link(RESET_LINK);

        MvcResult form = mvc.perform(follow(link)).andReturn();
        assertThat(form.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(form.getResponse().getContentAsString())).contains("Choose a new password");

        MvcResult saved = setPassword(token(link), NEW_PASSWORD);
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/login?passwordReset");
        assertThat(text(mvc.perform(get("/login?passwordReset"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .contains("Your new password is set: log in with it.");
        assertThat(logIn(email, PASSWORD).location()).isEqualTo("/login?error");
        assertThat(logIn(email, NEW_PASSWORD).loggedIn()).isTrue();
        assertThat(events.stream(PasswordChanged.class)).containsExactly(new PasswordChanged(userId));

        MvcResult again = setPassword(token(link), "yet another passphrase");
        assertThat(again.getResponse().getStatus()).isEqualTo(410);
        assertThat(text(again.getResponse().getContentAsString()))
                .contains("This link has been used already, has expired, or is not a link for this page.");
        assertThat(mvc.perform(follow(link)).andReturn().getResponse().getStatus())
                .isEqualTo(410);
        assertThat(logIn(email, NEW_PASSWORD).loggedIn()).isTrue();
    }

    @Test
    void theAnswerIsTheSameForARegisteredAddressAndAnUnknownOne() throws Exception {
        String registered = account("bob");
        String unknown = email("nobody");
        MvcResult known = askForReset(registered);
        MvcResult other = askForReset(unknown);

        assertThat(known.getResponse().getStatus())
                .isEqualTo(other.getResponse().getStatus())
                .isEqualTo(302);
        assertThat(known.getResponse().getRedirectedUrl())
                .isEqualTo(other.getResponse().getRedirectedUrl())
                .isEqualTo("/password-reset?sent");
        String[] pages = new String[2];
        for (int i = 0; i < 2; i++) {
            pages[i] = withoutCsrfToken(
                    mvc.perform(get((i == 0 ? known : other).getResponse().getRedirectedUrl()))
                            .andReturn()
                            .getResponse()
                            .getContentAsString());
        }
        assertThat(pages[0]).isEqualTo(pages[1]);
        assertThat(text(pages[0]))
                .contains("If this email address has an account, we sent it a link to choose a new " + "password.");
        assertThat(mailbox.first(registered).subject()).isEqualTo("Reset your CloudRoutes password");
        assertThat(mailbox.to(unknown)).isEmpty();
    }

    @Test
    void aConfirmationLinkDoesNotResetAndAResetLinkDoesNotConfirm() throws Exception {
        String email = email("carol");
        signUp(email, PASSWORD);
        String confirmation = token(mailbox.first(email).link(CrwebIntegrationTest.PUBLIC_URL + "/email-confirmation"));

        assertThat(mvc.perform(get("/password-reset/new").param("token", confirmation))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(410);
        assertThat(setPassword(confirmation, NEW_PASSWORD).getResponse().getStatus())
                .isEqualTo(410);
        assertThat(logIn(email, NEW_PASSWORD).location()).isEqualTo("/login?error");

        askForReset(email);
        String reset = token(mailbox.waitFor(email, 2).get(1).link(RESET_LINK));
        assertThat(mvc.perform(get("/email-confirmation").param("token", reset))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(410);
        assertThat(logIn(email, PASSWORD).location()).isEqualTo("/login?unconfirmed");
    }

    @Test
    void aResetConfirmsTheAddressAndEndsItsLockOut() throws Exception {
        String email = email("dave");
        signUp(email, PASSWORD);
        mailbox.first(email);
        for (int failure = 1; failure <= 5; failure++) {
            logIn(email, "wrong password");
        }
        assertThat(logIn(email, PASSWORD).location()).isEqualTo("/login?locked");

        askForReset(email);
        String link = mailbox.waitFor(email, 2).get(1).link(RESET_LINK);
        setPassword(token(link), NEW_PASSWORD);
        assertThat(logIn(email, NEW_PASSWORD).loggedIn()).isTrue();
    }

    @Test
    void onlyTheLatestLinkWorksAndOnlyForAnHour() throws Exception {
        String email = account("erin");
        askForReset(email);
        String older = mailbox.first(email).link(RESET_LINK);
        askForReset(email);
        String latest = mailbox.waitFor(email, 2).get(1).link(RESET_LINK);

        assertThat(mvc.perform(follow(older)).andReturn().getResponse().getStatus())
                .isEqualTo(410);
        assertThat(mvc.perform(follow(latest)).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(mvc.perform(follow(latest)).andReturn().getResponse().getStatus())
                .isEqualTo(410);
        assertThat(setPassword(token(latest), NEW_PASSWORD).getResponse().getStatus())
                .isEqualTo(410);
        assertThat(logIn(email, PASSWORD).loggedIn()).isTrue();
    }

    @Test
    void aTooShortOrTooLongPasswordIsAFieldErrorAndKeepsTheLink() throws Exception {
        String email = account("frank");
        askForReset(email);
        String link = mailbox.first(email).link(RESET_LINK);

        MvcResult shortOne = setPassword(token(link), "short");
        assertThat(shortOne.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(shortOne.getResponse().getContentAsString())).contains("use at least 10 characters");
        MvcResult longOne = setPassword(token(link), "ä".repeat(37));
        assertThat(text(longOne.getResponse().getContentAsString()))
                .contains("use at most 72 bytes: this one is 74 bytes in UTF-8");

        assertThat(setPassword(token(link), NEW_PASSWORD).getResponse().getRedirectedUrl())
                .isEqualTo("/login?passwordReset");
    }
}
