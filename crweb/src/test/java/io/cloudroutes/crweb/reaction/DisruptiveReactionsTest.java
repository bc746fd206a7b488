package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Whether a reaction's runs are disruptive (safeguards hold only those): its type's say by default, the reaction's own
 * when it gives one, through the API ({@code true}, {@code false}, {@code null} for the type's, left out to keep it).
 */
class DisruptiveReactionsTest extends PeopleWithApiKeys {

    @Test
    void aReactionIsDisruptiveAsItsTypeSaysUnlessItSaysOtherwise() throws Exception {
        mvc.perform(as(aliceKey, get("/api/v1/reaction-types")))
                .andExpect(jsonPath("$[?(@.id == 'route53')].disruptive").value(true))
                .andExpect(jsonPath("$[?(@.id == 'aws-ec2')].disruptive").value(true))
                .andExpect(jsonPath("$[?(@.id == 'ssh-command')].disruptive").value(false));

        JsonNode command =
                body(mvc.perform(as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"restart by request","reactionType":"webhook","callOn":"FAILED",
                         "settings":{"url":"https://hooks.example.com/restart"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn());
        long id = command.get("id").asLong();
        assertThat(command.get("disruptive").isNull()).isTrue();
        assertThat(command.get("effectivelyDisruptive").asBoolean()).isFalse();

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"disruptive\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disruptive").value(true))
                .andExpect(jsonPath("$.effectivelyDisruptive").value(true));
        // a change that leaves it out keeps it
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"name\":\"reboot by request\"}"))
                .andExpect(jsonPath("$.disruptive").value(true));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"disruptive\":\"yes\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.disruptive", containsString("send true")));
        mvc.perform(as(aliceKey, get("/api/v1/reactions/" + id)))
                .andExpect(jsonPath("$.disruptive").value(true));
        // null gives it back to its type
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id)).content("{\"disruptive\":null}"))
                .andExpect(jsonPath("$.effectivelyDisruptive").value(false))
                .andExpect(jsonPath("$.disruptive").value(nullValue()));
    }
}
