package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.monitor.MonitorForm;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Setting up a pushed monitor: its form, its secret shown once and stored only as a hash, rotated on the page or
 * through the service, and the endpoints shown for it at the public URL; a monitor checked by workers gets no secret.
 */
class PushedMonitorSetUpTest extends PushedMonitorOwner {

    @Test
    void creatingAWebhookMonitorShowsItsSecretOnceAndStoresOnlyItsHash() throws Exception {
        Created created = create("webhook", Map.of());

        assertThat(created.secret()).startsWith("crw_").hasSize(4 + 43);
        assertThat(jdbc.queryForObject(
                        "select push_secret_hash from monitors where id = ?", String.class, created.id()))
                .isEqualTo(SecretTokens.hash(created.secret()));
        assertThat(jdbc.queryForObject(
                        "select count(*) from monitors where cast(settings as text) like ? "
                                + "or push_secret_hash = ?",
                        Integer.class,
                        "%" + created.secret() + "%",
                        created.secret()))
                .isZero();
        String base = PUBLIC_URL + "/api/v1/webhooks/generic/" + created.id();
        mvc.perform(get("/monitors/" + created.id()).with(alice).flashAttrs(created.flash()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(created.secret())))
                .andExpect(content().string(containsString("shown only now")))
                .andExpect(content().string(containsString(base + "/" + created.secret() + "/failed")));
        mvc.perform(get("/monitors/" + created.id()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString(created.secret()))))
                .andExpect(content().string(containsString(base + "/&lt;secret&gt;/failed")))
                .andExpect(content().string(containsString("Rotate secret")));
    }

    @Test
    void aMonitorCheckedByWorkersGetsNoSecret() throws Exception {
        Created created = create("tcp", Map.of("host", "db.internal", "port", "5432"));
        assertThat(created.secret()).isNull();
        assertThat(monitors.findById(created.id()).orElseThrow().getPushSecretHash())
                .isNull();
    }

    @Test
    void rotatingTheSecretShowsTheNewOneOnceAndTheOldOneStopsWorkingAtOnce() throws Exception {
        Created created = create("webhook", Map.of());
        MvcResult rotated = mvc.perform(post("/monitors/" + created.id() + "/push-secret")
                        .with(csrf())
                        .with(alice))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String fresh = (String) rotated.getFlashMap().get("pushSecret");
        assertThat(fresh).startsWith("crw_").isNotEqualTo(created.secret());

        mvc.perform(get("/api/v1/webhooks/generic/" + created.id() + "/" + created.secret() + "/failed"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("invalid_secret"));
        mvc.perform(get("/api/v1/webhooks/generic/" + created.id() + "/" + fresh + "/failed"))
                .andExpect(status().isAccepted());
        assertThat(appended(created.id())).hasSize(1);
    }

    @Test
    void rotationNeedsTheFormsCsrfTokenAndTheOwner() throws Exception {
        Created created = create("webhook", Map.of());
        mvc.perform(post("/monitors/" + created.id() + "/push-secret").with(alice))
                .andExpect(status().isForbidden());
        UserAccount bob = users.save(new UserAccount("bob-" + UUID.randomUUID() + "@example.com", "x"));
        mvc.perform(post("/monitors/" + created.id() + "/push-secret")
                        .with(csrf())
                        .with(user(accounts.loadUserByUsername(bob.getEmail()))))
                .andExpect(status().isNotFound());
        assertThat(monitors.findById(created.id()).orElseThrow().getPushSecretHash())
                .isEqualTo(SecretTokens.hash(created.secret()));
    }

    @Test
    void theRestApiCanRotateThroughTheService() throws Exception {
        Created created = create("alertmanager", Map.of());
        String fresh = pushSecrets.rotate(owner.getId(), created.id());
        assertThat(pushSecrets.authenticate(created.id(), fresh)).isPresent();
        assertThat(pushSecrets.authenticate(created.id(), created.secret())).isEmpty();
    }

    @Test
    void theFormOfAPushedTypeStartsAtOneFailureAndExplainsWhyThereIsNoInterval() throws Exception {
        mvc.perform(get("/monitors/new").param("type", "datadog").with(alice))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString(
                                "<input id=\"failThreshold\" type=\"number\" name=\"failThreshold\" value=\"1\">")))
                .andExpect(content().string(containsString("No worker checks this monitor")))
                .andExpect(content().string(containsString("type=\"hidden\" id=\"intervalSeconds\"")))
                .andExpect(content().string(containsString("Treat a Datadog warning as")));
        MonitorForm form = new MonitorForm();
        form.setName("pushed through the API");
        form.setCheckType("webhook");
        form.setFailThreshold(null);
        Monitor saved = ((SaveResult.Saved<MonitorService.Created>) monitorService.create(
                        teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), form.draft(), List.of()))
                .value()
                .monitor();
        assertThat(saved.getFailThreshold()).isEqualTo(1);
        assertThat(saved.getIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void theEndpointsShownForADatadogMonitorUseThePublicUrl() throws Exception {
        Created monitor = datadog("IGNORE");
        @SuppressWarnings("unchecked")
        List<PushEndpoints.PushEndpoint> endpoints =
                (List<PushEndpoints.PushEndpoint>) monitor.flash().get("pushSecretEndpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("POST");
            assertThat(e.url()).isEqualTo(PUBLIC_URL + "/api/v1/webhooks/datadog/" + monitor.id());
        });
    }
}
