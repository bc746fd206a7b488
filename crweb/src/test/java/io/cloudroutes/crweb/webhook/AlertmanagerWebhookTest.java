package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Alertmanager notifications on their endpoint: the monitor stays failed while any alert fires and heals when all are
 * resolved; many firing alerts are listed up to five, then counted.
 */
class AlertmanagerWebhookTest extends PushedMonitorOwner {

    @Test
    void theMonitorStaysFailedWhileAnyAlertFiresAndHealsWhenAllAreResolved() throws Exception {
        Created monitor = create("alertmanager", Map.of());
        String url = "/api/v1/webhooks/alertmanager/" + monitor.id();
        mvc.perform(post(url)
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(
                                alert("firing", "aaa111", "HighLatency", "p99 above 2s"),
                                alert("firing", "bbb222", "DiskFull", "/var at 97%"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.reason")
                        .value("2 alerts firing: DiskFull: /var at 97%; HighLatency: p99 above 2s"));
        mvc.perform(post(url)
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alert("resolved", "aaa111", "HighLatency", "p99 above 2s"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        mvc.perform(post(url)
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alert("resolved", "bbb222", "DiskFull", "/var at 97%"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("HEALTHY"));

        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Status.FAILED, "2 alerts firing: DiskFull: /var at 97%; HighLatency: p99 above 2s"),
                        org.assertj.core.groups.Tuple.tuple(Status.FAILED, "1 alert firing: DiskFull: /var at 97%"),
                        org.assertj.core.groups.Tuple.tuple(Status.HEALTHY, "no alerts firing"));
        assertThat(appended(monitor.id()))
                .allSatisfy(r -> assertThat(r.source()).isEqualTo("alertmanager"));
    }

    @Test
    void manyFiringAlertsAreListedUpToFiveThenCounted() throws Exception {
        Created monitor = create("alertmanager", Map.of());
        String[] alerts = new String[7];
        for (int i = 0; i < alerts.length; i++) {
            alerts[i] = alert("firing", "fp" + i, "Alert" + i, "");
        }
        mvc.perform(post("/api/v1/webhooks/alertmanager/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(alertmanagerPayload(alerts)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason")
                        .value("7 alerts firing: Alert0; Alert1; Alert2; Alert3; Alert4; and 2 more"));
    }
}
