package io.cloudroutes.crweb.webhook;

import static io.cloudroutes.crweb.webhook.PushedMonitors.alert;
import static io.cloudroutes.crweb.webhook.PushedMonitors.alertmanagerPayload;
import static io.cloudroutes.crweb.webhook.PushedMonitors.datadogPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.server.ResponseStatusException;

/**
 * An authenticated delivery is answered 2xx unless it cannot be read: every transition Datadog documents has a
 * meaning, and what is merely unknown (a new transition, an alert status, a payload version, a field) is accepted and
 * logged without changing the status. Reasons read as text and tell alerts apart. Real PostgreSQL and Redis.
 */
@CrwebIntegrationTest
class TransitionsAndStatusesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    LiveRedis liveRedis;

    @Autowired
    PushSecrets pushSecrets;

    PushedMonitors monitors;
    UserAccount owner;
    RequestPostProcessor ownerLogin;

    @BeforeEach
    void anOwner() {
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        ownerLogin = user(accounts.loadUserByUsername(owner.getEmail()));
        monitors = new PushedMonitors(mvc, ownerLogin, liveRedis.connection().sync());
    }

    private ResultActions datadog(PushedMonitors.Created monitor, String body) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                .header("X-CloudRoutes-Secret", monitor.secret())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions alertmanager(PushedMonitors.Created monitor, String body) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/alertmanager/" + monitor.id())
                .header("Authorization", "Bearer " + monitor.secret())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions generic(PushedMonitors.Created monitor, String body) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                .header("X-CloudRoutes-Secret", monitor.secret())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    // --- Datadog

    @Test
    void renotifyAndReNoDataKeepADatadogMonitorFailed() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        datadog(monitor, datadogPayload("9001", "Renotify"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        datadog(monitor, datadogPayload("9002", "Re-No Data"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        assertThat(monitors.appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(
                        tuple(
                                Status.FAILED,
                                "Datadog Renotify: [Triggered] p99 latency on shop - p99 is 2.4 s "
                                        + "(https://app.datadoghq.com/monitors/1)"),
                        tuple(
                                Status.FAILED,
                                "Datadog Re-No Data: [Triggered] p99 latency on shop - p99 is 2.4 s "
                                        + "(https://app.datadoghq.com/monitors/1)"));
    }

    @Test
    void reWarnFollowsWarnAsLikeWarn() throws Exception {
        PushedMonitors.Created failing = monitors.create("datadog", Map.of("warnAs", "FAILED"));
        datadog(failing, datadogPayload("9011", "Re-Warn"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        PushedMonitors.Created ignoring = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        datadog(ignoring, datadogPayload("9012", "Re-Warn"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.reason")
                        .value("Re-Warn is ignored: this monitor's setting warnAs is IGNORE, so "
                                + "a Datadog warning never changes its status; nothing was recorded"));
        assertThat(monitors.appended(ignoring.id())).isEmpty();
    }

    @Test
    void aRenotifyOfAWarningIsNotTakenForAFailure() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        datadog(monitor, datadogPayload("9021", "Renotify").replace("\"error\"", "\"warning\""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false));
        assertThat(monitors.appended(monitor.id())).isEmpty();
    }

    @Test
    void nullIsAcceptedAndChangesNothing() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "FAILED"));
        datadog(monitor, datadogPayload("9031", "Null"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.reason", containsString("not an alert transition")));
        assertThat(monitors.appended(monitor.id())).isEmpty();
    }

    @Test
    void aTransitionDatadogMayAddLaterIsAcceptedLoggedAndChangesNothing() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "FAILED"));
        datadog(monitor, datadogPayload("9041", "Escalated"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.unrecognized").value(true))
                .andExpect(jsonPath(
                        "$.reason", containsString("alert_transition 'Escalated' is not one CloudRoutes " + "knows")));
        assertThat(monitors.appended(monitor.id())).isEmpty();
        // visible to the user in the monitor's delivery log
        mvc.perform(get("/monitors/" + monitor.id()).with(ownerLogin))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(containsString("<span class=\"delivery UNRECOGNIZED\">not recognised</span>")))
                .andExpect(content().string(containsString("<td>Escalated</td>")));
    }

    @Test
    void aDatadogDeliveryThatCannotBeReadIsStillRefused() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        datadog(monitor, "{\"id\":\"9051\",\"title\":\"no transition\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.alert_transition", containsString("alert_transition is required")));
        datadog(monitor, "{\"id\":\"9052\",\"alert_transition\":42}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.alert_transition").value("alert_transition must be a string"));
        datadog(monitor, "not json").andExpect(status().isBadRequest());
        assertThat(monitors.appended(monitor.id())).isEmpty();
    }

    @Test
    void datadogsEncodeAsFormIsReadLikeJson() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("id=9061&alert_transition=Triggered&title=disk+full&body=%2Fvar+at+97%25&link="))
                .andExpect(status().isAccepted());
        assertThat(monitors.appended(monitor.id()))
                .extracting(CheckResult::status, CheckResult::reason)
                .containsExactly(tuple(Status.FAILED, "Datadog Triggered: disk full - /var at 97%"));
    }

    @Test
    void aDatadogReasonIsPlainTextWithoutDatadogsMarkdown() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        String message = "%%%\\n@webhook-cloudroutes-shop p99 is 2.7 s on shop\\n\\n"
                + "[![Metric Graph](https://p.datadoghq.com/snapshot/a.png)](https://app.datadoghq.com/monitors/1)\\n\\n"
                + "**shop.p99** over **service:shop** was **> 2.0** on average during the **last 5m**.\\n\\n"
                + "- - -\\n\\n[[Monitor Status](https://app.datadoghq.com/monitors/1)] · "
                + "[[Edit Monitor](https://app.datadoghq.com/monitors#1/edit)]\\n%%%";
        datadog(
                        monitor,
                        "{\"id\":\"9071\",\"alert_transition\":\"Triggered\",\"title\":\"[Triggered] shop p99\","
                                + "\"body\":\"" + message + "\",\"link\":\"https://app.datadoghq.com/monitors/1\"}")
                .andExpect(status().isAccepted());
        assertThat(monitors.appended(monitor.id()))
                .singleElement()
                .extracting(CheckResult::reason)
                .isEqualTo(
                        "Datadog Triggered: [Triggered] shop p99 - p99 is 2.7 s on shop shop.p99 over service:shop was "
                                + "> 2.0 on average during the last 5m. (https://app.datadoghq.com/monitors/1)");
    }

    // --- Alertmanager

    @Test
    void anAlertWithAStatusOtherThanFiringOrResolvedIsLeftOutAndTheOthersCount() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        alertmanager(
                        monitor,
                        alertmanagerPayload(
                                alert("firing", "aaa", "DiskFull", "db1:9100", "/var at 97%"),
                                alert("pending", "bbb", "HighLoad", "db2:9100", "")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.reason").value("1 alert firing: DiskFull (instance=db1:9100): /var at 97%"))
                .andExpect(jsonPath("$.note")
                        .value("alerts[1] left out: status 'pending' is neither firing nor " + "resolved"));
        alertmanager(monitor, alertmanagerPayload(alert("suppressed", "ccc", "X", "db3:9100", "")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unrecognized").value(true));
        assertThat(monitors.appended(monitor.id())).hasSize(1);
    }

    @Test
    void anotherPayloadVersionIsReadTheSameWay() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        alertmanager(
                        monitor,
                        alertmanagerPayload(alert("firing", "aaa", "DiskFull", "db1:9100", ""))
                                .replace("\"version\":\"4\"", "\"version\":\"5\""))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.note").value("payload version 5 read as version 4"));
        assertThat(monitors.appended(monitor.id()))
                .extracting(CheckResult::status)
                .containsExactly(Status.FAILED);
    }

    @Test
    void alertsWithoutAFingerprintAreToldApartByTheirLabels() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        String a =
                alert("firing", "", "HighLatency", "web1:9100", "p99 above 2s").replace(",\"fingerprint\":\"\"", "");
        String b =
                alert("firing", "", "HighLatency", "web2:9100", "p99 above 2s").replace(",\"fingerprint\":\"\"", "");
        alertmanager(monitor, alertmanagerPayload(a, b))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason", containsString("2 alerts firing")));
        alertmanager(monitor, alertmanagerPayload(b.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")))
                .andExpect(status().isAccepted())
                .andExpect(
                        jsonPath("$.reason").value("1 alert firing: HighLatency (instance=web1:9100): p99 above 2s"));
    }

    @Test
    void aFiringAlertNoNotificationRepeatedForAWeekIsForgottenAsItsResolvedWasLost() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        alertmanager(
                        monitor,
                        alertmanagerPayload(
                                alert("firing", "lost", "DiskFull", "db1:9100", ""),
                                alert("firing", "kept", "HighLoad", "db2:9100", "")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason", containsString("2 alerts firing")));
        // eight days on for the first alert, as Redis holds it: no notification named it since
        var redis = liveRedis.connection().sync();
        String key = RedisKeys.alerts(monitor.id());
        String stored = redis.hget(key, "lost");
        long seen = Long.parseLong(stored.replaceAll(".*\"t\":(\\d+).*", "$1"));
        redis.hset(
                key,
                "lost",
                stored.replace(
                        "\"t\":" + seen, "\"t\":" + (seen - Duration.ofDays(8).toSeconds())));

        alertmanager(monitor, alertmanagerPayload(alert("firing", "kept", "HighLoad", "db2:9100", "")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason").value("1 alert firing: HighLoad (instance=db2:9100)"));
        assertThat(redis.hkeys(key)).containsExactly("kept");
        alertmanager(monitor, alertmanagerPayload(alert("resolved", "kept", "HighLoad", "db2:9100", "")))
                .andExpect(jsonPath("$.status").value("HEALTHY"));
    }

    @Test
    void aMonitorKeepsAtMostAThousandFiringAlertsForgettingThoseNamedLongestAgo() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        String[] thousand = new String[ResultLog.MOST_FIRING_ALERTS];
        for (int i = 0; i < thousand.length; i++) {
            thousand[i] = alert("firing", String.format("a%04d", i), "Down", "host" + i + ":9100", "");
        }
        alertmanager(monitor, alertmanagerPayload(thousand))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason", containsString("1000 alerts firing")));
        var redis = liveRedis.connection().sync();
        String key = RedisKeys.alerts(monitor.id());
        // the first alert was named a minute before the others
        String first = redis.hget(key, "a0000");
        long seen = Long.parseLong(first.replaceAll(".*\"t\":(\\d+).*", "$1"));
        redis.hset(key, "a0000", first.replace("\"t\":" + seen, "\"t\":" + (seen - 60)));

        alertmanager(monitor, alertmanagerPayload(alert("firing", "b-new", "Down", "new:9100", "")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason", containsString("1000 alerts firing")));
        assertThat(redis.hlen(key)).isEqualTo(1000);
        assertThat(redis.hexists(key, "b-new")).isTrue();
        assertThat(redis.hexists(key, "a0000")).isFalse();
    }

    @Test
    void onlyANotificationThatCannotBeReadIsRefused() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        alertmanager(monitor, "{\"version\":\"4\",\"status\":\"firing\"}")
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.fields.alerts").value("alerts must be an array of alerts, as Alertmanager sends"));
        alertmanager(monitor, alertmanagerPayload("\"firing\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields['alerts[0]']").value("alerts[0] must be an object"));
        alertmanager(monitor, alertmanagerPayload("{\"status\":\"firing\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath(
                        "$.fields['alerts[0].fingerprint']", containsString("neither a fingerprint nor " + "labels")));
        assertThat(monitors.appended(monitor.id())).isEmpty();
    }

    @Test
    void alertsOfTheSameNameAreToldApartByTheLabelsThatDiffer() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        alertmanager(monitor, alertmanagerPayload(alert("firing", "f1", "HighLatency", "web1:9100", "p99 above 2s")))
                .andExpect(status().isAccepted());
        // a second notification (another Alertmanager group): the reason still tells the two apart
        alertmanager(
                        monitor,
                        alertmanagerPayload(
                                alert("firing", "f2", "HighLatency", "web2:9100", "p99 above 2s"),
                                alert("firing", "f3", "DiskFull", "db1:9100", "/var at 97%")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason")
                        .value("3 alerts firing: DiskFull (instance=db1:9100): /var at 97%; "
                                + "HighLatency (instance=web1:9100): p99 above 2s; "
                                + "HighLatency (instance=web2:9100): p99 above 2s"));
    }

    // --- generic

    @Test
    void aGenericStatusOtherThanFailedOrHealthyIsAcceptedAndChangesNothing() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        generic(monitor, "{\"status\":\"down\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.unrecognized").value(true))
                .andExpect(jsonPath("$.reason", containsString("status 'down' is neither failed nor healthy")));
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/broken"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unrecognized").value(true));
        assertThat(monitors.appended(monitor.id())).isEmpty();
        mvc.perform(get("/monitors/" + monitor.id()).with(ownerLogin))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td>broken</td>")))
                .andExpect(content().string(containsString("<td>down</td>")));
    }

    @Test
    void unknownGenericFieldsAreIgnoredAndNamedAndTheStatusIsReadInAnyCase() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        generic(monitor, "{\"status\":\"FAILED\",\"reason\":\"backup exited 3\",\"severity\":\"high\",\"host\":\"b1\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.reason").value("backup exited 3"))
                .andExpect(jsonPath("$.note")
                        .value("ignored fields CloudRoutes does not use: host, severity "
                                + "(it reads status, reason and secret)"));
        generic(monitor, "{\"reason\":\"no status\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.status").value("status is required (failed or healthy)"));
        assertThat(monitors.appended(monitor.id()))
                .extracting(CheckResult::status)
                .containsExactly(Status.FAILED);
    }

    // --- wording

    @Test
    void messagesAboutAMonitorsTypeUseItsNameWithoutABrokenArticle() throws Exception {
        PushedMonitors.Created alertmanager = monitors.create("alertmanager", Map.of());
        datadog(alertmanager, datadogPayload("9081", "Triggered"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message")
                        .value("monitor " + alertmanager.id() + " has check type 'Prometheus "
                                + "Alertmanager (webhook)'; this endpoint takes monitors of check type 'Datadog monitor "
                                + "(webhook)'. Its results go to POST https://cloudroutes.example.com/api/v1/webhooks/"
                                + "alertmanager/" + alertmanager.id()));
        PushedMonitors.Created http = monitors.create("http", Map.of("url", "https://shop.example.com/health"));
        assertThatThrownBy(() -> pushSecrets.rotate(owner.getId(), http.id()))
                .asInstanceOf(InstanceOfAssertFactories.throwable(ResponseStatusException.class))
                .extracting(ResponseStatusException::getReason)
                .isEqualTo(
                        "monitor " + http.id() + " has check type 'HTTP(S) request', which CloudRoutes' workers "
                                + "check; only monitors whose results are pushed (webhooks, heartbeat pings) have a push secret");
    }
}
