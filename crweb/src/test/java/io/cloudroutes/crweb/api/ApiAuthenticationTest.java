package io.cloudroutes.crweb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import tools.jackson.databind.JsonNode;

/**
 * The REST API v1 takes only a valid API key, never a browser session; a revoked key stops working at once, and keys
 * are stored only as hashes.
 */
class ApiAuthenticationTest extends PeopleWithApiKeys {

    @Test
    void requestsWithoutAValidKeyAreRefusedAsJson() throws Exception {
        mvc.perform(get("/api/v1/monitors"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")))
                .andExpect(jsonPath("$.code").value("unauthorized"));
        mvc.perform(get("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, "Bearer crk_not-a-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.message").value(containsString("not valid or was revoked")));
        // a browser session is not an API credential: the same session opens pages but not the API
        UserDetails alice =
                accounts.loadUserByUsername(users.findAll().getFirst().getEmail());
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(
                        UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities())));
        mvc.perform(get("/monitors").session(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/monitors").session(session)).andExpect(status().isUnauthorized());
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceAndKeysAreStoredOnlyAsHashes() throws Exception {
        JsonNode created =
                body(mvc.perform(as(aliceKey, post("/api/v1/api-keys")).content("{\"name\":\"deploy\"}"))
                        .andExpect(status().isCreated())
                        .andReturn());
        String key = created.get("key").asString();
        mvc.perform(as(key, get("/api/v1/monitors"))).andExpect(status().isOk());
        assertThat(jdbc.queryForObject(
                        "select count(*) from api_keys where key_hash = ? or prefix = ?", Long.class, key, key))
                .isZero();
        mvc.perform(as(aliceKey, get("/api/v1/api-keys")))
                .andExpect(jsonPath("$[*].name").value(hasItem("deploy")))
                .andExpect(content().string(not(containsString(key))));

        mvc.perform(as(bobKey, delete("/api/v1/api-keys/" + created.get("id").asLong())))
                .andExpect(status().isNotFound());
        mvc.perform(as(aliceKey, delete("/api/v1/api-keys/" + created.get("id").asLong())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revokedAt").exists());
        mvc.perform(as(key, get("/api/v1/monitors"))).andExpect(status().isUnauthorized());
        mvc.perform(as(aliceKey, post("/api/v1/api-keys")).content("{\"name\":\"  \"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.name").value(containsString("give the key a name")));
    }
}
