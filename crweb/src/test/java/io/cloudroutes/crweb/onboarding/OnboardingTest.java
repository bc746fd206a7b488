package io.cloudroutes.crweb.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.team.TeamRole;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The dashboard guides a team to its first monitor, its first reaction and attaching the one to the other, shows which
 * steps are done, and goes away once a monitor has a reaction or the person hides it; viewers are told that an editor
 * sets things up.
 */
class OnboardingTest extends PeopleInTeams {

    @Test
    void anEmptyTeamIsOfferedCheckTypesEachWithItsOneLineDescription() throws Exception {
        Person ana = person("ana");
        String dashboard = dashboard(ana);
        assertThat(dashboard).contains("id=\"onboarding\"").contains("0 of 3 steps done");
        CheckType http = CheckType.registry().find("http").orElseThrow();
        assertThat(dashboard)
                .contains("href=\"/monitors/new?type=http\"")
                .contains(http.description())
                .contains("href=\"/monitors/new\">All check types</a>")
                .doesNotContain("id=\"onboarding-attach-link\"");
    }

    @Test
    void aTeamWithAMonitorButNoReactionIsGuidedToAReactionSuchAsAnEmailToThemselves() throws Exception {
        Person ana = person("ana");
        createMonitor(ana, null);
        String dashboard = dashboard(ana);
        assertThat(dashboard)
                .contains("1 of 3 steps done")
                .contains("id=\"onboarding-email\"")
                .contains("href=\"/reactions/new?type=email\"")
                .doesNotContain("href=\"/monitors/new?type=http\"")
                .doesNotContain("id=\"onboarding-attach-link\"");
    }

    @Test
    void withAMonitorAndAReactionTheGuideLeadsToAttachingThem() throws Exception {
        Person ana = person("ana");
        createReaction(ana);
        long monitorId = createMonitor(ana, null);
        assertThat(dashboard(ana))
                .contains("2 of 3 steps done")
                .contains("href=\"/monitors/" + monitorId + "/edit#reactions\"");
        assertThat(page(ana, "/monitors/" + monitorId + "/edit")).contains("<fieldset id=\"reactions\">");
    }

    @Test
    void theGuideIsGoneOnceAMonitorHasAReaction() throws Exception {
        Person ana = person("ana");
        createMonitor(ana, createReaction(ana));
        assertThat(dashboard(ana)).doesNotContain("id=\"onboarding\"").contains("<h1>Dashboard</h1>");
    }

    @Test
    void aViewerIsToldThatAnEditorSetsThingsUpAndGetsNoButtonsTheyCannotUse() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Ops " + owner.id());
        Person viewer = person("viewer");
        join(viewer, team, TeamRole.VIEWER);
        switchTo(viewer, team);
        String dashboard = dashboard(viewer);
        assertThat(dashboard).contains("id=\"onboarding\"");
        String guide = dashboard.substring(
                dashboard.indexOf("id=\"onboarding\""),
                dashboard.indexOf("</section>", dashboard.indexOf("id=\"onboarding\"")));
        assertThat(guide)
                .contains("id=\"onboarding-viewer\"")
                .contains("an editor of the team sets up monitors and reactions")
                .doesNotContain("/monitors/new")
                .doesNotContain("/reactions/new");
    }

    @Test
    void hidingTheGuideLastsForTheSessionAndOnlyForThatTeam() throws Exception {
        Person ana = person("ana");
        long shared = teamOf(ana, "Shop " + ana.id());
        mvc.perform(post("/onboarding/dismiss").with(ana.login()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));
        assertThat(dashboard(ana)).doesNotContain("id=\"onboarding\"");
        switchTo(ana, personalTeam(ana));
        assertThat(dashboard(ana)).contains("id=\"onboarding\"");
        switchTo(ana, shared);
        assertThat(dashboard(ana)).doesNotContain("id=\"onboarding\"");
    }

    @Test
    void hidingTheGuideNeedsTheFormsCsrfToken() throws Exception {
        Person ana = person("ana");
        mvc.perform(post("/onboarding/dismiss").with(ana.login())).andExpect(status().isForbidden());
        assertThat(dashboard(ana)).contains("id=\"onboarding\"");
    }

    private String dashboard(Person person) throws Exception {
        return page(person, "/");
    }

    private String page(Person person, String path) throws Exception {
        return mvc.perform(get(path).with(person.login()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private long createMonitor(Person person, Long reactionId) throws Exception {
        MockHttpServletRequestBuilder form = post("/monitors")
                .with(person.login())
                .with(csrf())
                .param("name", "shop")
                .param("checkType", "http")
                .param("intervalSeconds", "60")
                .param("timeoutSeconds", "5")
                .param("failThreshold", "2")
                .param("recoverThreshold", "1")
                .param("enabled", "true")
                .param("settings[url]", "http://127.0.0.1:9/health");
        if (reactionId != null) {
            form.param("reactionIds", reactionId.toString());
        }
        String location = mvc.perform(form)
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private long createReaction(Person person) throws Exception {
        String location = mvc.perform(post("/reactions")
                        .with(person.login())
                        .with(csrf())
                        .param("name", "mail me")
                        .param("reactionType", "email")
                        .param("callOn", "FAILED")
                        .param("settings[to]", person.email()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        return Long.parseLong(location.split("/")[2]);
    }
}
