package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.store.monitor.Monitor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/**
 * What a webhook delivery is refused for, and that a refused one appends nothing: a payload that cannot be read (400),
 * a wrong secret or an unknown monitor alike (401), a monitor of another kind (404), a paused monitor (409).
 */
class RefusedDeliveriesTest extends PushedMonitorOwner {

    @Test
    void aDatadogPayloadWithoutIdOrNotJsonIsRefused() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"alert_transition\":\"Triggered\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.id")
                        .value("id is required; put \"id\": \"$ID\" in the Datadog payload template"));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("alert_transition=Triggered"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_payload"))
                .andExpect(jsonPath("$.fields.body", containsString("the body is not valid JSON")));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aWrongSecretAndAnUnknownMonitorGetTheSame401() throws Exception {
        Created monitor = datadog("IGNORE");
        MvcResult wrong = mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", "crw_not-the-secret")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("invalid_secret"))
                .andReturn();
        MvcResult unknown = mvc.perform(post("/api/v1/webhooks/datadog/" + (monitor.id() + 100_000))
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andReturn();
        assertThat(unknown.getResponse().getContentAsString())
                .isEqualTo(wrong.getResponse()
                        .getContentAsString()
                        .replace(String.valueOf(monitor.id()), String.valueOf(monitor.id() + 100_000)));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7008", "Triggered")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("missing_secret"));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aSecretOfAnotherKindOfMonitorIsA404NamingTheExpectedType() throws Exception {
        Created generic = create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/datadog/" + generic.id())
                        .header("X-CloudRoutes-Secret", generic.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7009", "Triggered")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("wrong_monitor_type"))
                .andExpect(jsonPath("$.message")
                        .value("monitor " + generic.id() + " has check type 'Generic webhook'; "
                                + "this endpoint takes monitors of check type 'Datadog monitor (webhook)'. Its results go to "
                                + "POST " + PUBLIC_URL + "/api/v1/webhooks/generic/" + generic.id()));
        assertThat(appended(generic.id())).isEmpty();
    }

    @Test
    void aPausedMonitorRefusesResultsWith409() throws Exception {
        Created monitor = datadog("IGNORE");
        Monitor stored = monitors.findById(monitor.id()).orElseThrow();
        stored.setEnabled(false);
        monitors.save(stored);
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7010", "Triggered")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("monitor_paused"));
        assertThat(appended(monitor.id())).isEmpty();
    }
}
