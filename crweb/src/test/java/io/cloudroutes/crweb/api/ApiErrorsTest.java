package io.cloudroutes.crweb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * How the REST API v1 refuses a request, as JSON: invalid input field by field, unknown fields and malformed JSON by
 * their name, an unknown path or method; what it refuses changes nothing.
 */
class ApiErrorsTest extends PeopleWithApiKeys {

    @Test
    void invalidInputIsRefusedFieldByFieldAndChangesNothing() throws Exception {
        long monitorsBefore = monitors.count();
        long outboxBefore = outbox.count();
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"","checkType":"http","intervalSeconds":1,"failureThreshold":0,
                         "settings":{"url":"not a url"}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.fields.name").value("give the monitor a name"))
                .andExpect(jsonPath("$.fields.intervalSeconds").value(containsString("between")))
                .andExpect(jsonPath("$.fields.failureThreshold").value("between 1 and 100 failures in a row"))
                .andExpect(jsonPath("$.fields['settings.url']").value(containsString("URL")));

        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"x\",\"checkType\":\"smoke-signal\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.checkType").value(containsString("unknown check type 'smoke-signal'")));

        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"x\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.checkType").value(containsString("required")));
        assertThat(monitors.count()).isEqualTo(monitorsBefore);
        assertThat(outbox.count()).isEqualTo(outboxBefore);
    }

    @Test
    void unknownFieldsAndMalformedJsonAreRefusedWithTheirName() throws Exception {
        long before = monitors.count();
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"db","checkType":"tcp","intervalSecs":30,"settings":{"host":"db","port":"5432"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.fields.intervalSecs").value("unknown field"))
                .andExpect(jsonPath("$.message").value(containsString("intervalSeconds")));
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_json"));
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"db\",\"intervalSeconds\":\"often\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.intervalSeconds").exists());
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"db","checkType":"tcp","quorum":"SOME","settings":{"host":"db","port":"5432"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.quorum").value("expected one of ANY_HEALTHY, MAJORITY, ALL_HEALTHY"));
        mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                        .content(TCP_MONITOR.replace("\"db\"", "\"db2\""))
                        .contentType(MediaType.TEXT_PLAIN))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        assertThat(monitors.count()).isEqualTo(before);
    }

    @Test
    void anUnknownPathOrMethodIsAJsonError() throws Exception {
        mvc.perform(as(aliceKey, get("/api/v1/monitorz")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.message").value(containsString("/api/v1/openapi.json")));
        mvc.perform(as(aliceKey, post("/api/v1/check-types")).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("method_not_allowed"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/abc")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.id").exists());
    }
}
