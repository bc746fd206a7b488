package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A reaction's secret settings through the REST API v1: encrypted in its row, never answered, kept when left out and
 * cleared with null.
 */
class ReactionSecretsTest extends PeopleWithApiKeys {

    @Test
    void theHeadersOfAWebhookReactionAreSecretKeptWhenLeftOutAndClearedWithNull() throws Exception {
        MvcResult created = mvc.perform(as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"hook","reactionType":"webhook","settings":{"url":"https://hooks.example.com/in",
                         "headers":"Authorization: Bearer hdr-t0ken\\nX-Team: sre"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secretSettings[0]").value("headers"))
                .andExpect(jsonPath("$.settings.headers").doesNotExist())
                .andReturn();
        assertThat(created.getResponse().getContentAsString())
                .doesNotContain("hdr-t0ken")
                .doesNotContain("sre");
        long id = body(created).get("id").asLong();
        assertThat(jdbc.queryForObject("select settings from reactions where id = ?", String.class, id))
                .doesNotContain("hdr-t0ken");
        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                .andExpect(jsonPath("$.request").value(containsString("Authorization: Bearer ****\nX-Team: ****")));

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id))
                        .content("{\"settings\":{\"url\":\"https://hooks.example.com/v2\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.secretSettings[0]").value("headers"));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id))
                        .content("{\"settings\":{\"url\":\"https://hooks.example.com/v2\",\"headers\":null}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.secretSettings").isEmpty());
    }

    @Test
    void aReactionsSecretIsEncryptedInItsRowAndNeverAnswered() throws Exception {
        String webhookUrl = "https://hooks.slack.com/services/T000/B000/XXXXsecretpart";
        MvcResult created = mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                        .content("{\"name\":\"slack ops\",\"reactionType\":\"slack\",\"settings\":{\"webhookUrl\":\""
                                + webhookUrl + "\"}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secretSettings[0]").value("webhookUrl"))
                .andReturn();
        assertThat(created.getResponse().getContentAsString()).doesNotContain("secretpart");
        long id = body(created).get("id").asLong();
        String row = jdbc.queryForObject("select settings from reactions where id = ?", String.class, id);
        assertThat(row)
                .doesNotContain("secretpart")
                .doesNotContain("hooks.slack.com")
                .contains("enc:v2:");
        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                .andExpect(jsonPath("$.request").value(not(containsString("secretpart"))));
    }
}
