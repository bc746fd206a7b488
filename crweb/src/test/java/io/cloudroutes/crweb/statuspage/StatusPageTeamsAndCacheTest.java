package io.cloudroutes.crweb.statuspage;

import static io.cloudroutes.crweb.TestInfrastructure.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import io.cloudroutes.store.team.TeamRole;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/** Who may see and change a team's status pages, the API, and the public page's cache. */
class StatusPageTeamsAndCacheTest extends PeopleInTeams {

    @Autowired
    StatusPageRepository pages;

    @Autowired
    JdbcTemplate jdbc;

    private static String slug() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String page(String slug, long... monitorIds) {
        StringBuilder ids = new StringBuilder();
        for (long id : monitorIds) {
            ids.append(ids.isEmpty() ? "" : ",").append(id);
        }
        return """
                {"slug":"%s","title":"Shop status","published":true,"timeZone":"UTC",
                 "groups":[{"name":"Shop","monitorIds":[%s]}]}""".formatted(slug, ids);
    }

    @Test
    void theApiCreatesChangesAndDeletesPagesAndIncidents() throws Exception {
        Person owner = person("owner");
        String key = keyOf(owner);
        Monitor shop = monitorIn(personalTeam(owner), owner, "Shop");
        Monitor api = monitorIn(personalTeam(owner), owner, "API");
        String slug = slug();
        String created = mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, api.getId(), shop.getId())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.url").value(containsString("/status/" + slug)))
                .andExpect(jsonPath("$.groups[0].monitorIds[0]").value(api.getId()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = pages.findBySlug(slug).orElseThrow().getId();
        assertThat(created).contains("\"id\":" + id);
        mvc.perform(put("/api/v1/status-pages/" + id)
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, shop.getId())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.groups[0].monitorIds.length()").value(1));
        mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page("x", shop.getId(), shop.getId())))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.fields.slug").exists())
                .andExpect(jsonPath("$.fields.monitors").exists());

        mvc.perform(post("/api/v1/status-pages/" + id + "/incidents")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"Slow checkout\",\"state\":\"INVESTIGATING\",\"body\":\"Looking.\"}"))
                .andExpect(status().isCreated());
        long incident = jdbc.queryForObject("select id from status_incidents where page_id = ?", Long.class, id);
        mvc.perform(post("/api/v1/status-pages/" + id + "/incidents/" + incident + "/updates")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\":\"RESOLVED\",\"body\":\"\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.fields.body").value(containsString("1 to 5000 characters")));
        mvc.perform(post("/api/v1/status-pages/" + id + "/incidents/" + incident + "/updates")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\":\"RESOLVED\",\"body\":\"Fixed.\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RESOLVED"))
                .andExpect(jsonPath("$.updates.length()").value(2));
        mvc.perform(get("/status/" + slug))
                .andExpect(content().string(containsString("Slow checkout")))
                .andExpect(content().string(containsString("Resolved")));
        assertThat(jdbc.queryForList(
                        "select action from audit_events where team_id = ? order by id",
                        String.class,
                        personalTeam(owner)))
                .contains(
                        "status-page.created",
                        "status-page.changed",
                        "status-page.incident-opened",
                        "status-page.incident-updated");

        mvc.perform(delete("/api/v1/status-pages/" + id).with(bearer(key))).andExpect(status().isNoContent());
        mvc.perform(get("/status/" + slug)).andExpect(status().isNotFound());
    }

    @Test
    void anotherTeamCanNeitherSeeNorChangeAPageNorAddItsMonitors() throws Exception {
        Person owner = person("owner");
        Person outsider = person("outsider");
        Monitor shop = monitorIn(personalTeam(owner), owner, "Shop");
        Monitor outsidersMonitor = monitorIn(personalTeam(outsider), outsider, "Outsider's secret db");
        String slug = slug();
        mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(keyOf(owner)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, shop.getId())))
                .andExpect(status().isCreated());
        long id = pages.findBySlug(slug).orElseThrow().getId();

        mvc.perform(get("/status-pages/" + id + "/edit").with(outsider.login())).andExpect(status().isNotFound());
        mvc.perform(post("/status-pages/" + id + "/delete")
                        .with(outsider.login())
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/status-pages").with(outsider.login()))
                .andExpect(content().string(not(containsString(slug))));
        String outsidersKey = keyOf(outsider);
        mvc.perform(get("/api/v1/status-pages/" + id).with(bearer(outsidersKey)))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/status-pages/" + id)
                        .with(bearer(outsidersKey))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, outsidersMonitor.getId())))
                .andExpect(status().isNotFound());
        // the owner cannot show the outsider's monitor: it is answered like one that does not exist
        mvc.perform(put("/api/v1/status-pages/" + id)
                        .with(bearer(keyOf(owner)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, outsidersMonitor.getId())))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.fields.monitors")
                        .value("no monitor with id " + outsidersMonitor.getId()
                                + " in this team; see /api/v1/monitors for the team's monitors"));
        // and the outsider's page cannot take the owner's slug, without learning whose it is
        mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(outsidersKey))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.fields.slug").value("this slug is taken; choose another"));
        assertThat(mvc.perform(get("/status/" + slug)).andReturn().getResponse().getContentAsString())
                .contains("Shop")
                .doesNotContain("Outsider");
    }

    @Test
    void aViewerSeesTheListButCannotChangeAPage() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shared " + UUID.randomUUID());
        Person viewer = person("viewer");
        join(viewer, team, TeamRole.VIEWER);
        switchTo(viewer, team);
        mvc.perform(post("/status-pages")
                        .with(owner.login())
                        .with(csrf())
                        .param("slug", slug())
                        .param("title", "Shared status"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/status-pages").with(viewer.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Shared status")))
                .andExpect(content().string(not(containsString("New status page"))));
        mvc.perform(post("/status-pages")
                        .with(viewer.login())
                        .with(csrf())
                        .param("slug", slug())
                        .param("title", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aBurstOfVisitsIsServedFromTheCacheUntilThePageChanges() throws Exception {
        Person owner = person("owner");
        Monitor shop = monitorIn(personalTeam(owner), owner, "Shop before");
        String slug = slug();
        String key = keyOf(owner);
        mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, shop.getId())))
                .andExpect(status().isCreated());
        long id = pages.findBySlug(slug).orElseThrow().getId();
        String etag = mvc.perform(get("/status/" + slug))
                .andExpect(content().string(containsString("Shop before")))
                .andReturn()
                .getResponse()
                .getHeader(HttpHeaders.ETAG);

        // renamed behind the page's back: the cached page does not read the database again
        jdbc.update("update monitors set name = 'Shop after' where id = ?", shop.getId());
        mvc.perform(get("/status/" + slug))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Shop before")));
        mvc.perform(get("/status/" + slug).header(HttpHeaders.IF_NONE_MATCH, etag))
                .andExpect(status().isNotModified())
                .andExpect(content().string(""));

        // a change of the page drops it from the cache: the next visit sees everything as it is now
        mvc.perform(put("/api/v1/status-pages/" + id)
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, shop.getId())))
                .andExpect(status().isOk());
        mvc.perform(get("/status/" + slug).header(HttpHeaders.IF_NONE_MATCH, etag))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Shop after")));
    }

    @Test
    void aDeletedMonitorLeavesThePage() throws Exception {
        Person owner = person("owner");
        Monitor shop = monitorIn(personalTeam(owner), owner, "Shop");
        Monitor gone = monitorIn(personalTeam(owner), owner, "Old API");
        String slug = slug();
        mvc.perform(post("/api/v1/status-pages")
                        .with(bearer(keyOf(owner)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(page(slug, shop.getId(), gone.getId())))
                .andExpect(status().isCreated());
        mvc.perform(post("/monitors/" + gone.getId() + "/delete")
                        .with(owner.login())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        long id = pages.findBySlug(slug).orElseThrow().getId();
        mvc.perform(get("/api/v1/status-pages/" + id).with(bearer(keyOf(owner))))
                .andExpect(jsonPath("$.groups[0].monitorIds.length()").value(1))
                .andExpect(jsonPath("$.groups[0].monitorIds[0]").value(shop.getId()));
    }
}
