package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.TestMailbox;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * crweb with a real SMTP server ({@link TestMailbox}) and a clock the test moves: people sign up, log in, and follow
 * the links they are mailed, each from a client address of their own (so no test meets another's limits).
 */
@CrwebIntegrationTest
@Import({TestClock.InPlace.class, TestMailbox.InPlace.class})
abstract class MailedLinks {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestMailbox mailbox;

    @Autowired
    TestClock clock;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcTemplate jdbc;

    static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A client address no other test uses. */
    static String address() {
        long random = UUID.randomUUID().getLeastSignificantBits();
        return "10." + (random & 0xff) + "." + ((random >> 8) & 0xff) + "." + ((random >> 16) & 0xff);
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    /** The page without its form's CSRF token, which differs on every page. */
    static String withoutCsrfToken(String html) {
        return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\"");
    }

    /** An account made directly, as an operator would: confirmed. */
    String account(String who) {
        String email = email(who);
        users.save(new UserAccount(email, passwords.encode(PASSWORD)));
        return email;
    }

    MvcResult signUp(String email, String password) throws Exception {
        return mvc.perform(post("/signup").with(csrf()).param("email", email).param("password", password))
                .andReturn();
    }

    /** A link from a mail as a request to this crweb (links start at the public URL). */
    static MockHttpServletRequestBuilder follow(String link) {
        assertThat(link).startsWith(CrwebIntegrationTest.PUBLIC_URL + "/");
        return get(link.substring(CrwebIntegrationTest.PUBLIC_URL.length()));
    }

    /** The token in a mailed link. */
    static String token(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    /** What the log-in form's POST led to, and the page it redirected to as that browser sees it. */
    record LogIn(String location, String page) {

        boolean loggedIn() {
            return location.equals("/");
        }
    }

    LogIn logIn(String email, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult answer = mvc.perform(post("/login")
                        .with(csrf())
                        .session(session)
                        .param("username", email)
                        .param("password", password)
                        .with(from(address())))
                .andReturn();
        assertThat(answer.getResponse().getStatus()).as("log-in answer").isEqualTo(302);
        String location = answer.getResponse().getRedirectedUrl();
        String page = location.startsWith("/login")
                ? text(mvc.perform(get(location).session(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                : "";
        return new LogIn(location, page);
    }
}
