package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The generic webhook: a POST appends the status and reason it reports, a GET to its URL with the secret in it reports
 * healthy or failed.
 */
class GenericWebhookTest extends PushedMonitorOwner {

    @Test
    void aGenericPostAppendsTheReportedStatusAndReason() throws Exception {
        Created monitor = create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\",\"reason\":\"nightly backup exited 3\",\"secret\":\""
                                + monitor.secret() + "\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        assertThat(appended(monitor.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.reason()).isEqualTo("nightly backup exited 3");
            assertThat(result.zone()).isEqualTo(ZoneNames.WEBHOOK);
            assertThat(result.source()).isEqualTo("webhook");
            assertThat(result.resultId()).startsWith("webhook:" + monitor.id() + ":");
        });
    }

    @Test
    void aGenericGetReportsHealthyWithAnOptionalReason() throws Exception {
        Created monitor = create("webhook", Map.of());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/healthy")
                        .param("reason", "backup done in 12 min"))
                .andExpect(status().isAccepted());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/failed"))
                .andExpect(status().isAccepted());
        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Status.HEALTHY, "backup done in 12 min"),
                        org.assertj.core.groups.Tuple.tuple(Status.FAILED, "reported failed by webhook"));
    }
}
