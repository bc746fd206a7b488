package io.cloudroutes.crweb.heldrun;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The held-runs page for someone sent there by a breaker notice while they work in another of their teams: it says
 * which of their teams hold runs, and how many, and takes them to that team's held runs in one step; it says nothing
 * of teams they are not in. Switching goes on only to a page of this site.
 */
class HeldRunsOfOtherTeamsTest extends PeopleInTeams {

    @Autowired
    JdbcTemplate jdbc;

    Person owner;
    String teamName;
    long team;
    long heldJob;

    @BeforeEach
    void aSharedTeamWithTwoHeldRuns() throws Exception {
        owner = person("owner");
        teamName = "ops " + UUID.randomUUID();
        team = teamOf(owner, teamName);
        Monitor api = monitorIn(team, owner, "checkout api");
        ReactionConfig reaction = new ReactionConfig(team, owner.id(), "fail over", "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        reaction.setDisruptive(true);
        long failover = reactions.save(reaction).getId();
        heldJob = HeldJobs.held(jdbc, api.getId(), failover, "BREAKER", "held: the breaker is open");
        HeldJobs.held(jdbc, api.getId(), failover, "BREAKER", "held: the breaker is open");
    }

    @Test
    void aMemberWorkingInTheirPersonalTeamIsToldWhereRunsAreHeldAndTakenThereInOneStep() throws Exception {
        Person editor = person("editor");
        join(editor, team, TeamRole.EDITOR);

        mvc.perform(get("/held-runs").with(editor.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"held-in-other-teams\"")))
                .andExpect(content().string(containsString("<strong>" + teamName + "</strong>")))
                .andExpect(content().string(containsString("2 held runs")))
                .andExpect(content().string(containsString("name=\"teamId\" value=\"" + team + "\"")))
                .andExpect(content().string(not(containsString("/held-runs/" + heldJob + "/release"))));

        mvc.perform(post("/teams/switch")
                        .with(editor.login())
                        .with(csrf())
                        .param("teamId", String.valueOf(team))
                        .param("then", "/held-runs"))
                .andExpect(redirectedUrl("/held-runs"));

        mvc.perform(get("/held-runs").with(editor.login()))
                .andExpect(content().string(containsString("/held-runs/" + heldJob + "/release")))
                .andExpect(content().string(not(containsString("id=\"held-in-other-teams\""))));
    }

    @Test
    void someoneOutsideTheTeamLearnsNothingOfItsHeldRuns() throws Exception {
        Person outsider = person("outsider");
        teamOf(outsider, "theirs " + UUID.randomUUID());

        mvc.perform(get("/held-runs").with(outsider.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"held-in-other-teams\""))))
                .andExpect(content().string(not(containsString(teamName))));
    }

    @Test
    void switchingGoesOnOnlyToAPageOfThisSiteAndOtherwiseChangesNothing() throws Exception {
        Person editor = person("editor");
        join(editor, team, TeamRole.EDITOR);

        for (String elsewhere : List.of(
                "//evil.example.com/held-runs",
                "https://evil.example.com/",
                "/\\evil.example.com",
                "held-runs",
                "/held-runs?x=1",
                "")) {
            mvc.perform(post("/teams/switch")
                            .with(editor.login())
                            .with(csrf())
                            .param("teamId", String.valueOf(team))
                            .param("then", elsewhere))
                    .andExpect(status().isBadRequest());
        }

        // still in their personal team
        mvc.perform(get("/held-runs").with(editor.login()))
                .andExpect(content().string(containsString("id=\"held-in-other-teams\"")));
    }
}
