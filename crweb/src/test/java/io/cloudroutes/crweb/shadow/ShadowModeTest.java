package io.cloudroutes.crweb.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamRole;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A team's shadow mode as its people see it: switched on the team page or in the API by an owner or admin (audited),
 * refused to an editor, shown as a "shadow mode" badge in the header of every page, and its WOULD_RUN runs in the
 * monitor's runs list.
 */
class ShadowModeTest extends PeopleInTeams {

    @Autowired
    JdbcTemplate jdbc;

    private long auditEntries(long teamId, String action) {
        return jdbc.queryForObject(
                "select count(*) from audit_events where team_id = ? and action = ?", Long.class, teamId, action);
    }

    @Test
    void anAdminSwitchesItOnTheTeamPageAndEveryPageShowsTheBadge() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shadowed " + java.util.UUID.randomUUID());
        Person admin = person("admin");
        join(admin, team, TeamRole.ADMIN);
        switchTo(admin, team);

        mvc.perform(get("/").with(owner.login())).andExpect(content().string(not(containsString("shadow-mode-badge"))));
        mvc.perform(post("/team/shadow-mode").with(admin.login()).with(csrf()).param("enabled", "true"))
                .andExpect(status().is3xxRedirection());

        mvc.perform(get("/").with(owner.login()))
                .andExpect(content().string(containsString("id=\"shadow-mode-badge\"")))
                .andExpect(content().string(containsString(">shadow mode</a>")));
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content().string(containsString("<strong>On:</strong> every reaction run is decided")))
                .andExpect(content().string(containsString("Switch shadow mode off")));
        assertThat(auditEntries(team, "team.shadow-mode-on")).isEqualTo(1);

        mvc.perform(post("/team/shadow-mode").with(owner.login()).with(csrf()).param("enabled", "false"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/").with(owner.login())).andExpect(content().string(not(containsString("shadow-mode-badge"))));
        assertThat(auditEntries(team, "team.shadow-mode-off")).isEqualTo(1);
    }

    @Test
    void anEditorMayNotSwitchIt() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shadowed " + java.util.UUID.randomUUID());
        Person editor = person("editor");
        join(editor, team, TeamRole.EDITOR);
        switchTo(editor, team);

        mvc.perform(post("/team/shadow-mode").with(editor.login()).with(csrf()).param("enabled", "true"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/team").with(editor.login()))
                .andExpect(content().string(containsString("<strong>Off:</strong> reactions act")))
                .andExpect(content().string(not(containsString("shadow-mode-form"))));
        mvc.perform(get("/").with(editor.login()))
                .andExpect(content().string(not(containsString("shadow-mode-badge"))));
    }

    @Test
    void theApiReadsAndSwitchesItAndSaysWhatIsMissing() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shadowed " + java.util.UUID.randomUUID());
        String key = keyOf(owner);

        mvc.perform(get("/api/v1/team/shadow-mode").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.enabled").value(false));
        mvc.perform(put("/api/v1/team/shadow-mode")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.fields.enabled").exists())
                .andExpect(content().string(containsString("say whether shadow mode is on")));
        assertThat(auditEntries(team, "team.shadow-mode-on")).isZero();
        mvc.perform(put("/api/v1/team/shadow-mode")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\": true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(true));
        mvc.perform(get("/api/v1/team/shadow-mode").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.enabled").value(true));
        assertThat(auditEntries(team, "team.shadow-mode-on")).isEqualTo(1);
    }

    @Test
    void aShadowRunIsListedAsWouldRunWithWhatItWouldHaveDone() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shadowed " + java.util.UUID.randomUUID());
        Monitor monitor = new Monitor(team, owner.id(), "shop", "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor = monitors.save(monitor);
        ReactionConfig failover = new ReactionConfig(team, owner.id(), "fail over", "webhook");
        failover.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        failover = reactions.save(failover);
        long run = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, outcome, output, started_at, "
                        + "finished_at, attempts, restore) values (?, ?, 'fail over', 'WOULD_RUN', "
                        + "'would run (shadow mode, nothing was done): POST https://hooks.example.com/failover', "
                        + "now(), now(), 1, false) returning id",
                Long.class,
                monitor.getId(),
                failover.getId());

        mvc.perform(get("/monitors/" + monitor.getId()).with(owner.login()))
                .andExpect(content().string(containsString("<span class=\"outcome WOULD_RUN\">WOULD_RUN</span>")))
                .andExpect(content().string(containsString("POST https://hooks.example.com/failover")));
        mvc.perform(get("/runs/" + run).with(owner.login()))
                .andExpect(content().string(containsString("would run (shadow mode, nothing was done)")));
    }
}
