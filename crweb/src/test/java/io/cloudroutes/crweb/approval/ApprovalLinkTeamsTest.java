package io.cloudroutes.crweb.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamRole;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An approval link followed by a member of the run's team who works in another of their teams (their personal one,
 * as everyone does right after signing in): it acts in the run's team, by their role there, and leaves the team they
 * chose to work in as it was; the page says so and offers to work in the run's team.
 */
class ApprovalLinkTeamsTest extends PeopleInTeams {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    Person owner;
    String teamName;
    long team;
    Monitor api;
    HeldForApproval run;

    @BeforeEach
    void aSharedTeamWithARunHeldForApproval() throws Exception {
        owner = person("owner");
        teamName = "ops " + UUID.randomUUID();
        team = teamOf(owner, teamName);
        api = monitorIn(team, owner, "checkout api");
        ReactionConfig reaction = new ReactionConfig(team, owner.id(), "fail over", "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        reaction.setApprovalRequired(true);
        ReactionConfig failover = reactions.save(reaction);
        run = HeldForApproval.of(
                jdbc,
                transactions,
                team,
                api.getId(),
                api.getName(),
                failover.getId(),
                Instant.now().plusSeconds(600));
    }

    private Person memberWorkingInTheirPersonalTeam(TeamRole role) {
        Person member = person(role.name().toLowerCase());
        join(member, team, role);
        return member;
    }

    private Object releasedBy() {
        return jdbc.queryForObject("select released_by from reaction_jobs where id = ?", String.class, run.jobId());
    }

    @Test
    void anEditorWorkingInAnotherTeamApprovesInTheRunsTeamAndStaysWhereTheyWork() throws Exception {
        Person editor = memberWorkingInTheirPersonalTeam(TeamRole.EDITOR);

        mvc.perform(get("/approvals/" + run.token()).with(editor.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"other-team\"")))
                .andExpect(content().string(containsString("This run is in team <strong>" + teamName)))
                .andExpect(content().string(containsString("name=\"teamId\" value=\"" + team + "\"")))
                .andExpect(content().string(containsString("name=\"then\" value=\"/approvals/" + run.token() + "\"")))
                .andExpect(content().string(containsString("id=\"approve-form\"")));

        mvc.perform(post("/approvals/" + run.token() + "/approve")
                        .with(editor.login())
                        .with(csrf()))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        assertThat(releasedBy()).isEqualTo(editor.email());
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_events where team_id = ? and action = 'reaction-run.approved'",
                        Long.class,
                        team))
                .isEqualTo(1);
        // the team they work in is still their own: the run's monitor is not found there
        mvc.perform(get("/monitors/" + api.getId()).with(editor.login())).andExpect(status().isNotFound());
    }

    @Test
    void workingInTheRunsTeamThePageLinksItsMonitorAndSaysNothingOfOtherTeams() throws Exception {
        Person editor = memberWorkingInTheirPersonalTeam(TeamRole.EDITOR);

        // the page's Work in form: it comes back to the link
        mvc.perform(post("/teams/switch")
                        .with(editor.login())
                        .with(csrf())
                        .param("teamId", String.valueOf(team))
                        .param("then", "/approvals/" + run.token()))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        mvc.perform(get("/approvals/" + run.token()).with(editor.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"other-team\""))))
                .andExpect(content().string(containsString("href=\"/monitors/" + api.getId() + "\"")));
        mvc.perform(get("/monitors/" + api.getId()).with(editor.login())).andExpect(status().isOk());
    }

    @Test
    void aViewerOfTheRunsTeamIsRefusedByTheirRoleThereAndDecidesNothing() throws Exception {
        Person viewer = memberWorkingInTheirPersonalTeam(TeamRole.VIEWER);

        assertThat(mvc.perform(get("/approvals/" + run.token()).with(viewer.login()))
                        .andExpect(status().isForbidden())
                        .andReturn()
                        .getResolvedException())
                .hasMessage("your role in team '" + teamName + "' is viewer: this needs the role editor or higher; "
                        + "ask an owner or admin of the team");
        mvc.perform(post("/approvals/" + run.token() + "/approve")
                        .with(viewer.login())
                        .with(csrf()))
                .andExpect(status().isForbidden());

        assertThat(releasedBy()).isNull();
    }

    @Test
    void theRoleThatCountsIsTheOneInTheRunsTeamNotInTheTeamTheyWorkIn() throws Exception {
        Person editor = memberWorkingInTheirPersonalTeam(TeamRole.EDITOR);
        long elsewhere = teamOf(owner, "elsewhere " + UUID.randomUUID());
        join(editor, elsewhere, TeamRole.VIEWER);
        mvc.perform(post("/teams/switch").with(editor.login()).with(csrf()).param("teamId", String.valueOf(elsewhere)))
                .andExpect(status().is3xxRedirection());

        mvc.perform(post("/approvals/" + run.token() + "/deny")
                        .with(editor.login())
                        .with(csrf()))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        assertThat(jdbc.queryForObject(
                        "select decision from approval_requests where job_id = ?", String.class, run.jobId()))
                .isEqualTo("DENIED");
    }

    @Test
    void someoneOutsideTheRunsTeamFindsNothingThereWhateverTheirOtherTeams() throws Exception {
        Person outsider = person("outsider");
        long theirs = teamOf(outsider, "theirs " + UUID.randomUUID());
        join(owner, theirs, TeamRole.VIEWER); // sharing another team with the run's owner gives nothing

        mvc.perform(get("/approvals/" + run.token()).with(outsider.login())).andExpect(status().isNotFound());
        mvc.perform(post("/approvals/" + run.token() + "/approve")
                        .with(outsider.login())
                        .with(csrf()))
                .andExpect(status().isNotFound());

        assertThat(releasedBy()).isNull();
    }
}
