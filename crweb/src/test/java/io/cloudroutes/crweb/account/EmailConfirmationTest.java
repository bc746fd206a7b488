package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestMailbox;
import io.cloudroutes.crweb.system.SecretTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Confirming the email address of a new account by the link mailed at sign-up: until then the account cannot log
 * in; the link works once and for 48 hours; a sign-up with a registered address mails that address a note and
 * changes nothing; asking for a new link answers alike for every address.
 */
class EmailConfirmationTest extends MailedLinks {

    @Autowired
    AccountMailThrottle mailThrottle;

    private static final String CONFIRM_LINK = CrwebIntegrationTest.PUBLIC_URL + "/email-confirmation?token=";

    @Test
    void aNewAccountLogsInOnceItFollowedTheMailedLink() throws Exception {
        String email = email("new");
        MvcResult answer = signUp(email, PASSWORD);
        assertThat(answer.getResponse().getRedirectedUrl()).isEqualTo("/login?signedUp");
        assertThat(text(mvc.perform(get("/login?signedUp"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .contains("Check your inbox. If this email address had no account yet, we sent it a link that "
                        + "confirms it: open it within 48 hours");

        TestMailbox.Mail mail = mailbox.first(email);
        assertThat(mail.subject()).isEqualTo("Confirm your email address for CloudRoutes");
        assertThat(mail.text()).contains("open this link within 48 hours");

        LogIn before = logIn(email, PASSWORD);
        assertThat(before.location()).isEqualTo("/login?unconfirmed");
        assertThat(before.page())
                .contains("Your email address is not confirmed yet: open the link in the mail we sent when you "
                        + "signed up")
                .contains("Send a new link");
        assertThat(logIn(email, "a wrong password").location())
                .as("without the password nothing tells that the address waits for confirmation")
                .isEqualTo("/login?error");

        MvcResult confirmed = mvc.perform(follow(mail.link(CONFIRM_LINK))).andReturn();
        assertThat(confirmed.getResponse().getRedirectedUrl()).isEqualTo("/login?confirmed");
        assertThat(text(mvc.perform(get("/login?confirmed"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .contains("Your email address is confirmed: log in with your password.");
        assertThat(logIn(email, PASSWORD).loggedIn()).isTrue();
    }

    @Test
    void aSignUpWithARegisteredAddressMailsItANoteAndChangesNothing() throws Exception {
        String registered = account("alice");
        Map<String, Object> before =
                jdbc.queryForMap("select id, password_hash, email_confirmed_at from users where email = ?", registered);
        long accounts = users.count();

        MvcResult taken = signUp(registered.toUpperCase(), "another long password");
        MvcResult fresh = signUp(email("fresh"), "another long password");

        assertThat(taken.getResponse().getStatus())
                .isEqualTo(fresh.getResponse().getStatus());
        assertThat(taken.getResponse().getRedirectedUrl())
                .isEqualTo(fresh.getResponse().getRedirectedUrl());
        TestMailbox.Mail note = mailbox.first(registered);
        assertThat(note.subject()).isEqualTo("Someone tried to sign up for CloudRoutes with your address");
        assertThat(note.text())
                .contains("which already has an account. Nothing was changed.")
                .contains(CrwebIntegrationTest.PUBLIC_URL + "/login")
                .contains(CrwebIntegrationTest.PUBLIC_URL + "/password-reset")
                .doesNotContain("token=");
        assertThat(users.count()).isEqualTo(accounts + 1);
        assertThat(jdbc.queryForMap(
                        "select id, password_hash, email_confirmed_at from users where email = ?", registered))
                .isEqualTo(before);
        assertThat(jdbc.queryForObject(
                        "select count(*) from account_tokens where user_id = ?", Long.class, before.get("id")))
                .isZero();
        assertThat(logIn(registered, PASSWORD).loggedIn()).isTrue();
    }

    @Test
    void aUsedLinkAndAnExpiredLinkShowAPageThatSaysWhatToDo() throws Exception {
        String used = email("used");
        signUp(used, PASSWORD);
        String link = mailbox.first(used).link(CONFIRM_LINK);
        mvc.perform(follow(link));
        MvcResult again = mvc.perform(follow(link)).andReturn();
        assertThat(again.getResponse().getStatus()).isEqualTo(410);
        assertThat(text(again.getResponse().getContentAsString()))
                .contains("This link has been used already, has expired, or is not a link for this page.")
                .contains("send a new confirmation link");

        String late = email("late");
        signUp(late, PASSWORD);
        String lateLink = mailbox.first(late).link(CONFIRM_LINK);
        clock.advance(Duration.ofHours(48).plusSeconds(1));
        MvcResult expired = mvc.perform(follow(lateLink)).andReturn();
        assertThat(expired.getResponse().getStatus()).isEqualTo(410);
        assertThat(text(expired.getResponse().getContentAsString()))
                .contains("This link has been used already, has expired");
        assertThat(logIn(late, PASSWORD).location()).isEqualTo("/login?unconfirmed");
    }

    @Test
    void onlyTheHashOfTheMailedTokenIsStored() throws Exception {
        String email = email("hashed");
        signUp(email, PASSWORD);
        String token = token(mailbox.first(email).link(CONFIRM_LINK));
        long userId = users.findByEmail(email).orElseThrow().getId();

        List<Map<String, Object>> rows = jdbc.queryForList("select * from account_tokens where user_id = ?", userId);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().get("token_hash")).isEqualTo(SecretTokens.hash(token));
        assertThat(rows.getFirst().get("purpose")).isEqualTo("EMAIL_CONFIRMATION");
        assertThat(rows.getFirst().values())
                .noneMatch(value -> String.valueOf(value).contains(token));
    }

    @Test
    void aNewLinkCanBeAskedForAndTheAnswerIsTheSameForEveryAddress() throws Exception {
        String waiting = email("waiting");
        signUp(waiting, PASSWORD);
        String firstLink = mailbox.first(waiting).link(CONFIRM_LINK);
        String confirmedAlready = account("confirmed");
        String nobody = email("nobody");

        MvcResult[] answers = new MvcResult[3];
        String[] pages = new String[3];
        String[] emails = {waiting, confirmedAlready, nobody};
        for (int i = 0; i < emails.length; i++) {
            answers[i] = mvc.perform(post("/email-confirmation/resend")
                            .with(csrf())
                            .with(from(address()))
                            .param("email", emails[i]))
                    .andReturn();
            pages[i] = withoutCsrfToken(mvc.perform(get(answers[i].getResponse().getRedirectedUrl()))
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
        }
        for (int i = 1; i < emails.length; i++) {
            assertThat(answers[i].getResponse().getStatus())
                    .isEqualTo(answers[0].getResponse().getStatus());
            assertThat(answers[i].getResponse().getRedirectedUrl())
                    .isEqualTo(answers[0].getResponse().getRedirectedUrl());
            assertThat(pages[i]).isEqualTo(pages[0]);
        }
        assertThat(text(pages[0]))
                .contains("If this email address has an account that waits for confirmation, we sent "
                        + "it a new link; links sent before no longer work.");

        String newLink = mailbox.waitFor(waiting, 2).get(1).link(CONFIRM_LINK);
        assertThat(mvc.perform(follow(firstLink)).andReturn().getResponse().getStatus())
                .as("the older link")
                .isEqualTo(410);
        assertThat(mvc.perform(follow(newLink)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/login?confirmed");
        assertThat(mailbox.to(confirmedAlready)).isEmpty();
    }

    @Test
    void askingForManyLinksForOneAddressMailsOnlyAFew() throws Exception {
        String email = email("flooded");
        signUp(email, PASSWORD);
        for (int request = 0; request < 10; request++) {
            mvc.perform(post("/email-confirmation/resend")
                    .with(csrf())
                    .with(from(address()))
                    .param("email", email));
        }
        // the sign-up's mail and four more: five per hour, then nothing until the hour is over
        assertThat(mailbox.waitFor(email, 5)).hasSize(5);
        assertThat(mailThrottle.mayMail(email)).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(mailThrottle.mayMail(email)).isTrue();
    }

    @Test
    void aBadEmailIsAFieldErrorAndSendsNothing() throws Exception {
        MvcResult answer = mvc.perform(post("/email-confirmation/resend")
                        .with(csrf())
                        .with(from(address()))
                        .param("email", "not an address"))
                .andReturn();
        assertThat(answer.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(answer.getResponse().getContentAsString()))
                .contains("enter a valid email address, e.g. ops@example.com");
    }
}
