package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;

/** Tags through the API: a {@code tags} array on create, update and get, with a field error naming what is wrong. */
class MonitorTagsApiTest extends PeopleWithApiKeys {

    @Test
    void tagsAreCreatedNormalisedReadAndReplacedAndKeptWhenLeftOut() throws Exception {
        long id = body(mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                                .content(TCP_MONITOR.replace(
                                        "\"name\":\"db\"", "\"name\":\"db\",\"tags\":[\"Prod\",\"db\",\"prod\"]")))
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.tags", contains("prod", "db")))
                        .andReturn())
                .get("id")
                .asLong();
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id)).content("{\"name\":\"db main\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tags", contains("prod", "db")));
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id)).content("{\"tags\":[\"staging\"]}"))
                .andExpect(status().isOk());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tags", contains("staging")));
    }

    @Test
    void aBadTagIsAFieldErrorAndChangesNothing() throws Exception {
        long id = createTcpMonitor(aliceKey);
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id)).content("{\"tags\":[\"ok\",\"no spaces\"]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.tags").value(containsString("'no spaces' cannot be a tag")));
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id)).content("{\"tags\":[\"" + "x".repeat(41) + "\"]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.tags").value(containsString("at most 40 characters")));
        assertThat(monitors.findById(id).orElseThrow().getTags()).isEmpty();
    }
}
