package io.cloudroutes.crweb.breaker;

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
import io.cloudroutes.store.team.TeamRole;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A team's own blast-radius breaker limits as its people see them: set, read and cleared on the team page and in the
 * API by an owner or admin (audited), bad values refused field by field with nothing changed, refused to editors and
 * viewers, and no other team touched.
 */
class TeamBreakerTest extends PeopleInTeams {

    @Autowired
    JdbcTemplate jdbc;

    private long auditEntries(long teamId) {
        return jdbc.queryForObject(
                "select count(*) from audit_events where team_id = ? and action = 'team.breaker-changed'",
                Long.class,
                teamId);
    }

    private static MockHttpServletRequestBuilder putBreaker(String key, String body) {
        return put("/api/v1/team/breaker")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void anAdminSetsAndClearsTheLimitsOnTheTeamPage() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Guarded " + UUID.randomUUID());
        Person admin = person("admin");
        join(admin, team, TeamRole.ADMIN);
        switchTo(admin, team);

        mvc.perform(get("/team").with(admin.login()))
                .andExpect(content().string(containsString("<h2>Blast-radius breaker</h2>")))
                .andExpect(content().string(containsString("placeholder=\"operator default\"")));
        mvc.perform(post("/team/breaker")
                        .with(admin.login())
                        .with(csrf())
                        .param("sharePercent", "40")
                        .param("windowSeconds", "600")
                        .param("disruptiveRuns", "")
                        .param("runsMinutes", "15"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content().string(containsString("value=\"40\"")))
                .andExpect(content().string(containsString("value=\"600\"")))
                .andExpect(content().string(containsString("value=\"15\"")));
        assertThat(jdbc.queryForMap(
                        "select breaker_share_percent, breaker_window_seconds, breaker_disruptive_runs,"
                                + " breaker_runs_minutes from teams where id = ?",
                        team))
                .containsEntry("breaker_share_percent", 40)
                .containsEntry("breaker_window_seconds", 600)
                .containsEntry("breaker_disruptive_runs", null)
                .containsEntry("breaker_runs_minutes", 15);
        assertThat(auditEntries(team)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select details from audit_events where team_id = ? and action = 'team.breaker-changed'",
                        String.class,
                        team))
                .contains("share default", "share 40 %", "runs window 15 min");

        mvc.perform(post("/team/breaker").with(owner.login()).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(jdbc.queryForObject(
                        "select count(*) from teams where id = ? and breaker_share_percent is null"
                                + " and breaker_window_seconds is null and breaker_runs_minutes is null",
                        Long.class,
                        team))
                .isEqualTo(1);
        assertThat(auditEntries(team)).isEqualTo(2);
    }

    @Test
    void badValuesOnTheFormAreShownUnderTheirFieldsAndChangeNothing() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Guarded " + UUID.randomUUID());
        mvc.perform(get("/team").with(owner.login())).andExpect(status().isOk());
        mvc.perform(post("/team/breaker")
                        .with(owner.login())
                        .with(csrf())
                        .param("sharePercent", "150")
                        .param("windowSeconds", "soon")
                        .param("disruptiveRuns", "5")
                        .param("runsMinutes", "0"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content()
                        .string(containsString("the percent of the team&#39;s monitors that may fail at"
                                + " once: a whole number from 1 to 100")))
                .andExpect(content().string(containsString("the seconds over which failures count together")))
                .andExpect(content().string(containsString("the minutes of the runs window: a whole number from 1")))
                .andExpect(content().string(containsString("value=\"soon\"")));
        assertThat(jdbc.queryForObject(
                        "select count(*) from teams where id = ? and breaker_disruptive_runs is null",
                        Long.class,
                        team))
                .isEqualTo(1);
        assertThat(auditEntries(team)).isZero();
    }

    @Test
    void theApiSetsReadsAndClearsThemAndRefusesBadValuesByField() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Guarded " + UUID.randomUUID());
        String key = keyOf(owner);
        Person other = person("other");
        long otherTeam = teamOf(other, "Elsewhere " + UUID.randomUUID());
        String otherKey = keyOf(other);

        mvc.perform(get("/api/v1/team/breaker").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json("{\"sharePercent\":null,\"windowSeconds\":null,\"disruptiveRuns\":null,"
                                + "\"runsMinutes\":null}"));
        mvc.perform(putBreaker(
                        key,
                        "{\"sharePercent\":0,\"windowSeconds\":5,\"disruptiveRuns\":10001," + "\"runsMinutes\":1441}"))
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.fields.sharePercent").value(containsString("from 1 to 100")))
                .andExpect(jsonPath("$.fields.windowSeconds").value(containsString("from 10 to 86400")))
                .andExpect(jsonPath("$.fields.disruptiveRuns").value(containsString("from 1 to 10000")))
                .andExpect(jsonPath("$.fields.runsMinutes").value(containsString("from 1 to 1440")));
        assertThat(auditEntries(team)).isZero();

        mvc.perform(putBreaker(key, "{\"sharePercent\":25,\"disruptiveRuns\":3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sharePercent").value(25))
                .andExpect(jsonPath("$.disruptiveRuns").value(3));
        mvc.perform(get("/api/v1/team/breaker").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.sharePercent").value(25))
                .andExpect(jsonPath("$.windowSeconds").isEmpty())
                .andExpect(jsonPath("$.disruptiveRuns").value(3));
        mvc.perform(get("/api/v1/team/breaker").header(HttpHeaders.AUTHORIZATION, "Bearer " + otherKey))
                .andExpect(jsonPath("$.sharePercent").isEmpty());
        assertThat(auditEntries(team)).isEqualTo(1);
        assertThat(auditEntries(otherTeam)).isZero();

        mvc.perform(putBreaker(key, "{}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sharePercent").isEmpty());
        mvc.perform(get("/api/v1/team/breaker").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.disruptiveRuns").isEmpty());
        assertThat(auditEntries(team)).isEqualTo(2);
    }

    @Test
    void editorsAndViewersSeeTheLimitsButMayNotChangeThem() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Guarded " + UUID.randomUUID());
        mvc.perform(putBreaker(keyOf(owner), "{\"sharePercent\":50}")).andExpect(status().isOk());
        for (TeamRole role : new TeamRole[] {TeamRole.EDITOR, TeamRole.VIEWER}) {
            Person member = person(role.name().toLowerCase(java.util.Locale.ROOT));
            join(member, team, role);
            switchTo(member, team);
            mvc.perform(post("/team/breaker").with(member.login()).with(csrf()).param("sharePercent", "90"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/team").with(member.login()))
                    .andExpect(content().string(containsString("id=\"breaker-limits\"")))
                    .andExpect(content().string(containsString("<dd>50</dd>")))
                    .andExpect(content().string(containsString("<dd>operator default</dd>")))
                    .andExpect(content().string(not(containsString("breaker-form"))));
            if (role == TeamRole.EDITOR) {
                mvc.perform(putBreaker(keyOf(member), "{\"sharePercent\":90}")).andExpect(status().isForbidden());
            }
        }
        assertThat(jdbc.queryForObject("select breaker_share_percent from teams where id = ?", Integer.class, team))
                .isEqualTo(50);
        assertThat(auditEntries(team)).isEqualTo(1);
    }
}
