package io.cloudroutes.crweb.audit;

import static io.cloudroutes.crweb.TestInfrastructure.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.audit.AuditEvent;
import io.cloudroutes.store.audit.AuditEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.team.TeamRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;

/** Who did what in a team, when and from where: recorded with each change, shown to the team's owners and admins. */
class AuditLogTest extends PeopleInTeams {

    @Autowired
    AuditEventRepository audit;

    private List<AuditEvent> entries(long team) {
        return audit.findByTeamIdOrderByOccurredAtDescIdDesc(team, PageRequest.of(0, 100))
                .getContent();
    }

    @Test
    void anEditorsChangesAreRecordedWithWhoWhatAndFromWhereAndTheOwnerSeesThem() throws Exception {
        Person owner = person("owner");
        Person editor = person("editor");
        long team = teamOf(owner, "Storefront");
        join(editor, team, TeamRole.EDITOR);
        switchTo(editor, team);

        mvc.perform(post("/monitors")
                        .with(editor.login())
                        .with(csrf())
                        .with(request -> {
                            request.setRemoteAddr("203.0.113.7");
                            return request;
                        })
                        .param("name", "checkout")
                        .param("checkType", "http")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("enabled", "true")
                        .param("settings[url]", "https://shop.example.com/health")
                        .param("settings[method]", "GET"))
                .andExpect(status().is3xxRedirection());
        long monitorId = monitors.findByTeamIdOrderByNameAsc(team).getFirst().getId();
        mvc.perform(post("/monitors/{id}/override", monitorId)
                        .with(editor.login())
                        .with(csrf())
                        .param("status", "FAILED"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/monitors/{id}/delete", monitorId)
                        .with(editor.login())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(entries(team))
                .extracting(AuditEvent::getAction)
                .containsSubsequence("monitor.deleted", "monitor.held", "monitor.created");
        AuditEvent created = entries(team).stream()
                .filter(e -> e.getAction().equals("monitor.created"))
                .findFirst()
                .orElseThrow();
        assertThat(created.getActor()).isEqualTo(editor.email());
        assertThat(created.getActorId()).isEqualTo(editor.id());
        assertThat(created.getTargetName()).isEqualTo("checkout");
        assertThat(created.getTargetId()).isEqualTo(monitorId);
        assertThat(created.getAddress()).isEqualTo("203.0.113.7");

        mvc.perform(get("/team/audit").with(owner.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("monitor.created")))
                .andExpect(content().string(containsString(editor.email())))
                .andExpect(content().string(containsString("203.0.113.7")));
    }

    @Test
    void aChangeNamesTheFieldsThatChangedButNeverAValue() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Billing");
        Monitor monitor = new Monitor(team, owner.id(), "ledger db", "tcp");
        monitor.setSettings(java.util.Map.of("host", "ledger.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        long id = monitors.save(monitor).getId();

        mvc.perform(post("/monitors/{id}", id)
                        .with(owner.login())
                        .with(csrf())
                        .param("name", "ledger db")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("enabled", "true")
                        .param("settings[host]", "ledger-2.internal")
                        .param("settings[port]", "5432"))
                .andExpect(status().is3xxRedirection());

        AuditEvent changed = entries(team).getFirst();
        assertThat(changed.getAction()).isEqualTo("monitor.changed");
        assertThat(changed.getDetails())
                .contains("intervalSeconds")
                .contains("settings.host")
                .doesNotContain("ledger-2.internal")
                .doesNotContain("settings.port");
    }

    @Test
    void onlyOwnersAndAdminsReadTheLogAndOnlyTheirTeamsLog() throws Exception {
        Person owner = person("owner");
        Person admin = person("admin");
        Person editor = person("editor");
        Person viewer = person("viewer");
        long team = teamOf(owner, "Infra");
        for (var member : List.of(
                java.util.Map.entry(admin, TeamRole.ADMIN),
                java.util.Map.entry(editor, TeamRole.EDITOR),
                java.util.Map.entry(viewer, TeamRole.VIEWER))) {
            join(member.getKey(), team, member.getValue());
            switchTo(member.getKey(), team);
        }
        Person other = person("other");
        long otherTeam = teamOf(other, "Elsewhere " + other.id());

        mvc.perform(get("/team/audit").with(admin.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("team.created")))
                .andExpect(content().string(not(containsString("Elsewhere " + other.id()))));
        mvc.perform(get("/team/audit").with(editor.login())).andExpect(status().isForbidden());
        mvc.perform(get("/team/audit").with(viewer.login())).andExpect(status().isForbidden());

        String adminKey = keyOf(admin);
        mvc.perform(get("/api/v1/audit").with(bearer(adminKey)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.action == 'api-key.created')].actor")
                        .value(org.hamcrest.Matchers.hasItem(admin.email())))
                .andExpect(jsonPath("$.items[?(@.targetName == 'Elsewhere " + other.id() + "')]")
                        .isEmpty());
        String viewerKey = keyOf(editor);
        mvc.perform(get("/api/v1/audit").with(bearer(viewerKey)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        assertThat(entries(otherTeam)).extracting(AuditEvent::getAction).containsExactly("team.created");
    }

    @Test
    void aChangeThroughTheApiNamesTheKeyAndATestRunIsRecorded() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Payments");
        String key = keyOf(owner);
        String created = mvc.perform(post("/api/v1/reactions")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"tell ops","reactionType":"webhook","callOn":"FAILED",
                                 "settings":{"url":"https://hooks.example.com/ops"}}"""))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        long reactionId = Long.parseLong(created.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        mvc.perform(post("/api/v1/reactions/{id}/test", reactionId)
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dryRun\":true,\"direction\":\"FAILED\"}"))
                .andExpect(status().isOk());

        List<AuditEvent> log = entries(team);
        assertThat(log).extracting(AuditEvent::getAction).startsWith("reaction.dry-run", "reaction.created");
        assertThat(log.get(1).getActor())
                .startsWith(owner.email() + " (API key crk_")
                .endsWith("…)");
    }
}
