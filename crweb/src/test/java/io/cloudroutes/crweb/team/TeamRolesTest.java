package io.cloudroutes.crweb.team;

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
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.team.TeamRole;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** What members of a team see and may do, by role; what people outside it get; what leaving it takes away. */
class TeamRolesTest extends PeopleInTeams {

    private static final String TCP_MONITOR = """
            {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
             "zones":["default"],"settings":{"host":"db.internal","port":"5432"}}""";

    @Test
    void everyAccountHasAPersonalTeamItOwnsAndWorksInAtFirst() throws Exception {
        Person ana = person("ana");
        assertThat(members.findTeamsOf(ana.id())).singleElement().satisfies(m -> {
            assertThat(m.personal()).isTrue();
            assertThat(m.role()).isEqualTo(TeamRole.OWNER);
        });
        mvc.perform(get("/team").with(ana.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Personal")))
                .andExpect(content().string(containsString(ana.email())));
    }

    @Test
    void anEditorMakesAMonitorInTheSharedTeamThatTheOwnerSeesAndTheirPersonalTeamDoesNot() throws Exception {
        Person owner = person("owner");
        Person editor = person("editor");
        long platform = teamOf(owner, "Platform");
        join(editor, platform, TeamRole.EDITOR);
        switchTo(editor, platform);

        mvc.perform(post("/monitors")
                        .with(editor.login())
                        .with(csrf())
                        .param("name", "edge proxy")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "30")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("enabled", "true")
                        .param("settings[host]", "edge.internal")
                        .param("settings[port]", "443"))
                .andExpect(status().is3xxRedirection());

        Monitor made = monitors.findByTeamIdOrderByNameAsc(platform).getFirst();
        assertThat(made.getName()).isEqualTo("edge proxy");
        assertThat(made.getOwnerId()).isEqualTo(editor.id());
        mvc.perform(get("/monitors").with(owner.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("edge proxy")));
        assertThat(monitors.findByTeamIdOrderByNameAsc(personalTeam(editor))).isEmpty();
    }

    @Test
    void aViewerReadsTheTeamButEveryChangeIsRefusedWithTheRoleItNeeds() throws Exception {
        Person owner = person("owner");
        Person viewer = person("viewer");
        long ops = teamOf(owner, "Ops");
        long monitorId = monitorIn(ops, owner, "checkout").getId();
        join(viewer, ops, TeamRole.VIEWER);
        switchTo(viewer, ops);

        mvc.perform(get("/monitors/{id}", monitorId).with(viewer.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("checkout")));
        mvc.perform(get("/monitors/{id}/edit", monitorId).with(viewer.login())).andExpect(status().isForbidden());
        mvc.perform(post("/monitors/{id}/delete", monitorId)
                        .with(viewer.login())
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/monitors/{id}/override", monitorId)
                        .with(viewer.login())
                        .with(csrf())
                        .param("status", "FAILED"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/account/api-keys").with(viewer.login()).with(csrf()).param("name", "mine"))
                .andExpect(status().isForbidden());
        assertThat(monitors.findById(monitorId)).isPresent();
    }

    @Test
    void aReadOnlyKeyOfAnEditorOnlyReadsAndAKeyOfAViewerCannotBeMade() throws Exception {
        Person owner = person("owner");
        Person editor = person("editor");
        long team = teamOf(owner, "Payments");
        join(editor, team, TeamRole.EDITOR);
        switchTo(editor, team);
        String editorKey = keyOf(editor);

        mvc.perform(post("/api/v1/monitors")
                        .with(bearer(editorKey))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TCP_MONITOR))
                .andExpect(status().isCreated());
        assertThat(monitors.findByTeamIdOrderByNameAsc(team)).hasSize(1);

        members.save(members.findByTeamIdAndUserId(team, editor.id())
                .map(m -> {
                    m.setRole(TeamRole.VIEWER);
                    return m;
                })
                .orElseThrow());
        // the same key, its member now a viewer: reads, and changes nothing
        mvc.perform(get("/api/v1/monitors").with(bearer(editorKey))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/monitors")
                        .with(bearer(editorKey))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TCP_MONITOR))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"))
                .andExpect(jsonPath("$.message").value(containsString("editor or higher")));
        assertThat(monitors.findByTeamIdOrderByNameAsc(team)).hasSize(1);
    }

    @Test
    void someoneOutsideTheTeamGetsNotFoundForItsThingsWhateverTheirRoleElsewhere() throws Exception {
        Person owner = person("owner");
        Person stranger = person("stranger");
        long team = teamOf(owner, "Search");
        long monitorId = monitorIn(team, owner, "indexer").getId();
        String strangerKey = keyOf(stranger);

        mvc.perform(get("/monitors/{id}", monitorId).with(stranger.login())).andExpect(status().isNotFound());
        mvc.perform(post("/monitors/{id}/delete", monitorId)
                        .with(stranger.login())
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/monitors/{id}", monitorId).with(bearer(strangerKey)))
                .andExpect(status().isNotFound());
        // and cannot choose the team to work in
        mvc.perform(post("/teams/switch").with(stranger.login()).with(csrf()).param("teamId", String.valueOf(team)))
                .andExpect(status().isNotFound());
        assertThat(monitors.findById(monitorId)).isPresent();
    }

    @Test
    void removingAMemberEndsTheirAccessOnTheNextRequestAndRevokesTheirKeysInTheTeam() throws Exception {
        Person owner = person("owner");
        Person leaver = person("leaver");
        long team = teamOf(owner, "Mobile");
        long monitorId = monitorIn(team, owner, "push gateway").getId();
        join(leaver, team, TeamRole.EDITOR);
        switchTo(leaver, team);
        String leaversKey = keyOf(leaver);
        mvc.perform(get("/monitors/{id}", monitorId).with(leaver.login())).andExpect(status().isOk());

        mvc.perform(post("/team/members/{id}/remove", leaver.id())
                        .with(owner.login())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        // the session still names the team: it now falls back to the personal team, where the monitor is not
        mvc.perform(get("/monitors/{id}", monitorId).with(leaver.login())).andExpect(status().isNotFound());
        mvc.perform(get("/monitors").with(leaver.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("push gateway"))));
        mvc.perform(get("/api/v1/monitors").with(bearer(leaversKey))).andExpect(status().isUnauthorized());
    }

    @Test
    void aTeamKeepsAnOwnerAndOnlyOwnersMakeOrRemoveOwners() throws Exception {
        Person owner = person("owner");
        Person admin = person("admin");
        long team = teamOf(owner, "Data");
        join(admin, team, TeamRole.ADMIN);
        switchTo(admin, team);

        mvc.perform(post("/team/members/{id}/role", admin.id())
                        .with(admin.login())
                        .with(csrf())
                        .param("role", "OWNER"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/team/members/{id}/remove", owner.id())
                        .with(admin.login())
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/team/members/{id}/role", owner.id())
                        .with(owner.login())
                        .with(csrf())
                        .param("role", "VIEWER"))
                .andExpect(status().isForbidden());
        assertThat(members.findByTeamIdAndUserId(team, owner.id()).orElseThrow().getRole())
                .isEqualTo(TeamRole.OWNER);

        // with a second owner, the first may step down
        mvc.perform(post("/team/members/{id}/role", admin.id())
                        .with(owner.login())
                        .with(csrf())
                        .param("role", "OWNER"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/team/members/{id}/role", owner.id())
                        .with(owner.login())
                        .with(csrf())
                        .param("role", "VIEWER"))
                .andExpect(status().is3xxRedirection());
        assertThat(members.findByTeamIdAndUserId(team, owner.id()).orElseThrow().getRole())
                .isEqualTo(TeamRole.VIEWER);
    }

    @Test
    void aPersonalTeamCannotBeLeftAndItsPersonStaysItsOwner() throws Exception {
        Person ana = person("ana");
        mvc.perform(post("/team/leave").with(ana.login()).with(csrf())).andExpect(status().isForbidden());
        assertThat(members.findByTeamIdAndUserId(personalTeam(ana), ana.id())).isPresent();
    }

    @Test
    void aTeamNeedsAName() throws Exception {
        Person ana = person("ana");
        mvc.perform(post("/teams").with(ana.login()).with(csrf()).param("name", "   "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("give the team a name of 1 to 100 characters")));
        assertThat(members.findTeamsOf(ana.id())).hasSize(1);
    }
}
