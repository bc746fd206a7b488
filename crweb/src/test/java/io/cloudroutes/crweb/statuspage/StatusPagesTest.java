package io.cloudroutes.crweb.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.StatusPageLimits;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Status pages as their team manages them and as anyone sees them, logged out. */
class StatusPagesTest extends SignedInPeople {

    @Autowired
    StatusPageRepository pages;

    /** Someone of another team, whose account the test uses. */
    private UserAccount carol;

    private RequestPostProcessor carolLogin;

    @BeforeEach
    void someoneElse() {
        carol = users.save(new UserAccount("carol-" + UUID.randomUUID() + "@example.com", "x"));
        carolLogin = user(accounts.loadUserByUsername(carol.getEmail()));
    }

    private static String slug() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Alice's monitor with a secret-looking target, FAILED in Redis with a reason naming it, HEALTHY for 3 days. */
    private Monitor failingMonitor(String name) {
        Monitor monitor = aliceMonitor();
        monitor.setName(name);
        monitor = monitors.save(monitor);
        jdbc.update(
                "update monitors set created_at = ? where id = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(10))),
                monitor.getId());
        redis.sync()
                .hset(
                        RedisKeys.state(monitor.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS, "FAILED",
                                RedisKeys.StateField.REASON, "connection refused by db.internal:5432"));
        events.save(new MonitorEvent(
                monitor.getId(),
                Status.UNKNOWN,
                Status.HEALTHY,
                "ok",
                null,
                Instant.now().minus(Duration.ofDays(3))));
        return monitor;
    }

    private MockHttpServletRequestBuilder pageForm(String path, String slug, boolean published, long... monitorIds) {
        MockHttpServletRequestBuilder form = post(path)
                .with(csrf())
                .param("slug", slug)
                .param("title", "Acme status")
                .param("description", "Our shop and its API.")
                .param("timeZone", "Europe/Berlin")
                .param("groups", "Website\nBackend");
        if (published) {
            form.param("published", "true");
        }
        for (int i = 0; i < monitorIds.length; i++) {
            form.param("placement[" + monitorIds[i] + "]", "Website")
                    .param("position[" + monitorIds[i] + "]", "" + (i + 1));
        }
        return form;
    }

    private StatusPage create(RequestPostProcessor who, String slug, boolean published, long... monitorIds)
            throws Exception {
        mvc.perform(pageForm("/status-pages", slug, published, monitorIds).with(who))
                .andExpect(status().is3xxRedirection());
        return pages.findBySlug(slug).orElseThrow();
    }

    @Test
    void aPublishedPageShowsNamesStatusesIncidentsAndTheStripToAnyoneButNothingSecret() throws Exception {
        Monitor shop = failingMonitor("Web shop");
        String slug = slug();
        StatusPage page = create(alice, slug, true, shop.getId());
        mvc.perform(post("/status-pages/" + page.getId() + "/incidents")
                        .with(alice)
                        .with(csrf())
                        .param("title", "Checkout fails")
                        .param("state", "INVESTIGATING")
                        .param("body", "Payments <b>time out</b>; we are on it."))
                .andExpect(status().is3xxRedirection());

        MockHttpServletResponse answer = mvc.perform(get("/status/" + slug))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CACHE_CONTROL, containsString("public")))
                .andExpect(header().string(HttpHeaders.CACHE_CONTROL, containsString("max-age=10")))
                .andExpect(header().exists(HttpHeaders.ETAG))
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE))
                .andReturn()
                .getResponse();
        String html = answer.getContentAsString();
        assertThat(html)
                .contains("Acme status", "Our shop and its API.", "Web shop", "Outage", "Major outage")
                .contains("Website", "Checkout fails", "Investigating")
                // plain text: the body's markup is shown, not obeyed
                .contains("Payments &lt;b&gt;time out&lt;/b&gt;; we are on it.")
                .contains("class=\"bar up\"", "class=\"bar none\"")
                .doesNotContain("db.internal", "5432", "connection refused", "/monitors/" + shop.getId(), "tcp");
        assertThat(answer.getHeader("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(html.split("class=\"bar ", -1)).hasSize(PublicStatusPages.STRIP_DAYS + 1);
    }

    @Test
    void theJsonVersionHoldsTheSameWithoutSecrets() throws Exception {
        Monitor shop = failingMonitor("Web shop");
        String slug = slug();
        create(alice, slug, true, shop.getId());
        String json = mvc.perform(get("/status/" + slug + ".json"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().exists(HttpHeaders.ETAG))
                .andExpect(jsonPath("$.title").value("Acme status"))
                .andExpect(jsonPath("$.overall").value("MAJOR_OUTAGE"))
                .andExpect(jsonPath("$.groups[0].name").value("Website"))
                .andExpect(jsonPath("$.groups[0].monitors[0].name").value("Web shop"))
                .andExpect(jsonPath("$.groups[0].monitors[0].status").value("FAILED"))
                .andExpect(jsonPath("$.groups[0].monitors[0].days.length()").value(90))
                .andExpect(jsonPath("$.groups[0].monitors[0].uptimePercent").value(100.0))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json).doesNotContain("db.internal", "5432", "connection refused", "\"id\"");
    }

    @Test
    void unpublishedAndUnknownPagesAnswerTheSame404() throws Exception {
        String slug = slug();
        create(alice, slug, false, failingMonitor("Web shop").getId());
        String unpublished = mvc.perform(get("/status/" + slug))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String unknown = mvc.perform(get("/status/" + slug()))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(unpublished).isEqualTo(unknown).doesNotContain("Acme status");
        mvc.perform(get("/status/" + slug + ".json")).andExpect(status().isNotFound());
        // the team sees it on its list, marked as not shown
        mvc.perform(get("/status-pages").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no (not shown)")));
    }

    @Test
    void badInputIsRefusedFieldByFieldAndChangesNothing() throws Exception {
        String carolsSlug = slug();
        Monitor carolsMonitor =
                new Monitor(teamRepository.personalTeamIdOf(carol.getId()), carol.getId(), "carol's db", "tcp");
        carolsMonitor.setSettings(Map.of("host", "bob.internal", "port", "5432"));
        carolsMonitor.setIntervalSeconds(30);
        carolsMonitor.setTimeoutSeconds(5);
        carolsMonitor = monitors.save(carolsMonitor);
        create(carolLogin, carolsSlug, false);
        long before = pages.count();

        mvc.perform(pageForm("/status-pages", carolsSlug, true).with(alice))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "slug", "invalid"))
                .andExpect(content().string(containsString(StatusPageLimits.Slug.TAKEN_MESSAGE)));
        mvc.perform(pageForm("/status-pages", "admin", true).with(alice))
                .andExpect(content().string(containsString(StatusPageLimits.Slug.RESERVED_MESSAGE)));
        mvc.perform(pageForm("/status-pages", "Not a slug!", true).with(alice))
                .andExpect(model().attributeHasFieldErrorCode("form", "slug", "invalid"));
        mvc.perform(pageForm("/status-pages", slug(), true)
                        .param("customDomain", "https://status.example.com/")
                        .param("timeZone", "Mars/Olympus")
                        .with(alice))
                .andExpect(model().attributeHasFieldErrors("form", "customDomain", "timeZone"))
                .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.MESSAGE)));
        mvc.perform(pageForm("/status-pages", slug(), true)
                        .param("customDomain", "cloudroutes.example.com")
                        .with(alice))
                .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.OURS_MESSAGE)));
        // Carol's monitor cannot be put on Alice's page: answered like a monitor that does not exist
        mvc.perform(pageForm("/status-pages", slug(), true, carolsMonitor.getId())
                        .with(alice))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("no monitor with id " + carolsMonitor.getId() + " in this team")))
                .andExpect(content().string(not(containsString("carol's db"))));
        mvc.perform(pageForm("/status-pages", slug(), true, Long.MAX_VALUE).with(alice))
                .andExpect(content().string(containsString("no monitor with id " + Long.MAX_VALUE + " in this team")));
        assertThat(pages.count()).isEqualTo(before);
    }

    @Test
    void anIncidentWithoutTextOrStateIsRefusedBesideItsFieldsAndUpdatesAppendToItsTimeline() throws Exception {
        String slug = slug();
        StatusPage page = create(alice, slug, true, failingMonitor("Web shop").getId());
        String incidents = "/status-pages/" + page.getId() + "/incidents";
        mvc.perform(post(incidents)
                        .with(alice)
                        .with(csrf())
                        .param("title", "Checkout fails")
                        .param("state", "PANICKING")
                        .param("body", "  "))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("incident", "state", "body"))
                .andExpect(content().string(containsString(StatusPageLimits.Incident.BODY_MESSAGE)))
                .andExpect(content().string(containsString("choose a state")));
        assertThat(jdbc.queryForObject(
                        "select count(*) from status_incidents where page_id = ?", Long.class, page.getId()))
                .isZero();

        mvc.perform(post(incidents)
                        .with(alice)
                        .with(csrf())
                        .param("title", "Checkout fails")
                        .param("state", "INVESTIGATING")
                        .param("body", "Looking into it."))
                .andExpect(redirectedUrl(incidents.replace("/incidents", "/edit#incidents")));
        long incident =
                jdbc.queryForObject("select id from status_incidents where page_id = ?", Long.class, page.getId());
        mvc.perform(post(incidents + "/" + incident + "/updates")
                        .with(alice)
                        .with(csrf())
                        .param("state", "RESOLVED")
                        .param("body", "Fixed at the provider."))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/status-pages/" + page.getId() + "/edit").with(alice))
                .andExpect(content().string(containsString("Fixed at the provider.")))
                .andExpect(content().string(containsString("Looking into it.")));
        mvc.perform(get("/status/" + slug))
                .andExpect(content().string(containsString("Resolved")))
                .andExpect(content().string(containsString("Fixed at the provider.")));
    }
}
