package io.cloudroutes.crweb.session;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A browser as crweb sees it: one client address, one User-Agent, and the session cookie crweb last set, sent back
 * with every request (the cookie is the session's only carrier: what crweb remembers lives in its session store).
 */
final class Browser {

    private final MockMvc mvc;
    private final String address;
    private final String userAgent;
    private String sessionCookie;

    Browser(MockMvc mvc, String address, String userAgent) {
        this.mvc = mvc;
        this.address = address;
        this.userAgent = userAgent;
    }

    MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        request.header(HttpHeaders.USER_AGENT, userAgent).with(each -> {
            each.setRemoteAddr(address);
            return each;
        });
        if (sessionCookie != null) {
            request.cookie(new Cookie("SESSION", sessionCookie));
        }
        MvcResult result = mvc.perform(request).andReturn();
        for (String set : result.getResponse().getHeaders(HttpHeaders.SET_COOKIE)) {
            if (set.startsWith("SESSION=")) {
                String value = set.substring("SESSION=".length()).split(";", 2)[0];
                sessionCookie = value.isEmpty() || set.contains("Max-Age=0") ? null : value;
            }
        }
        return result;
    }

    /** Logs in through the log-in form; where it was sent next. */
    String logIn(String email, String password) throws Exception {
        perform(get("/login"));
        return perform(post("/login").with(csrf()).param("username", email).param("password", password))
                .getResponse()
                .getRedirectedUrl();
    }

    MvcResult open(String path) throws Exception {
        return perform(get(path));
    }

    /** Where a page sent this browser, or null when it was shown (200). */
    String redirectOf(String path) throws Exception {
        MvcResult result = open(path);
        return result.getResponse().getStatus() == 200
                ? null
                : result.getResponse().getRedirectedUrl();
    }

    String page(String path) throws Exception {
        MvcResult result = open(path);
        if (result.getResponse().getStatus() != 200) {
            throw new AssertionError(path + " answered " + result.getResponse().getStatus() + " to "
                    + result.getResponse().getRedirectedUrl());
        }
        return result.getResponse().getContentAsString();
    }

    String sessionCookie() {
        return sessionCookie;
    }
}
