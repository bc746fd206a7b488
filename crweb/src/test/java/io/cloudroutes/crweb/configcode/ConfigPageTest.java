package io.cloudroutes.crweb.configcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.team.TeamRole;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Configuration page: a person downloads the team's YAML, pastes a document with its secrets, reviews the changes
 * and applies exactly those; a viewer may review but not apply; a stale review is refused; nothing leaks a secret.
 */
class ConfigPageTest extends PeopleInTeams {

    static final String ROUTING_KEY = "abcdefghijklmnopqrstuvwxyz123456";

    static final String DOCUMENT = """
            version: 1
            reactions:
              - name: pager ops
                type: pagerduty
                settings:
                  routingKey: {secret: PAGER_OPS_ROUTING_KEY}
            monitors:
              - name: db
                type: tcp
                zones: [default]
                reactions: [pager ops]
                settings: {host: db.internal, port: 5432}
            """;

    private static final Pattern HASH = Pattern.compile("name=\"planHash\" value=\"([0-9a-f]+)\"");

    String review(Person person, String document) throws Exception {
        return mvc.perform(post("/config/review")
                        .with(person.login())
                        .with(csrf())
                        .param("document", document)
                        .param("secrets", "# for the pager\nPAGER_OPS_ROUTING_KEY=" + ROUTING_KEY + "\n"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    static String hashIn(String page) {
        Matcher matcher = HASH.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    @Test
    void aPastedDocumentIsReviewedThenAppliedAndDownloadedAgain() throws Exception {
        Person alice = person("alice");
        mvc.perform(get("/config").with(alice.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Download YAML")))
                .andExpect(content().string(containsString("<label for=\"config-secrets\">Secrets</label>")));
        String page = review(alice, DOCUMENT);
        assertThat(page).contains("2 to create", "pager ops", "Apply these changes");
        assertThat(monitors.findByTeamIdOrderByNameAsc(personalTeam(alice))).isEmpty();

        mvc.perform(post("/config/apply")
                        .with(alice.login())
                        .with(csrf())
                        .param("document", DOCUMENT)
                        .param("secrets", "PAGER_OPS_ROUTING_KEY=" + ROUTING_KEY)
                        .param("prune", "false")
                        .param("planHash", hashIn(page)))
                .andExpect(status().is3xxRedirection());
        assertThat(monitors.findByTeamIdOrderByNameAsc(personalTeam(alice))).hasSize(1);

        String yaml = mvc.perform(get("/config/export.yaml").with(alice.login()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(yaml).contains("name: db", "secret: PAGER_OPS_ROUTING_KEY").doesNotContain(ROUTING_KEY);
        assertThat(review(alice, yaml)).contains("No changes: the team already has this configuration.");

        Person bob = person("bob");
        String bobs = mvc.perform(get("/config/export.yaml").with(bob.login()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(bobs).isEqualTo("version: 1\n");
    }

    @Test
    void aBadDocumentIsToldByPathAndAStaleReviewIsNotApplied() throws Exception {
        Person alice = person("alice");
        mvc.perform(post("/config/review")
                        .with(alice.login())
                        .with(csrf())
                        .param("document", DOCUMENT.replace("type: tcp", "type: carrier-pigeon")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("monitors[name=db].type")))
                .andExpect(content().string(containsString("Nothing was changed")));

        String hash = hashIn(review(alice, DOCUMENT));
        mvc.perform(post("/config/apply")
                        .with(alice.login())
                        .with(csrf())
                        .param("document", DOCUMENT.replace("5432", "5433"))
                        .param("secrets", "PAGER_OPS_ROUTING_KEY=" + ROUTING_KEY)
                        .param("planHash", hash))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("changed since these changes were reviewed")));
        assertThat(monitors.findByTeamIdOrderByNameAsc(personalTeam(alice))).isEmpty();

        mvc.perform(post("/config/review").with(alice.login()).param("document", DOCUMENT))
                .andExpect(status().isForbidden());
    }

    @Test
    void aViewerMayReviewButNotApply() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Shared " + UUID.randomUUID());
        Person viewer = person("viewer");
        join(viewer, team, TeamRole.VIEWER);
        switchTo(viewer, team);
        String page = review(viewer, DOCUMENT);
        assertThat(page).contains("2 to create").doesNotContain("Apply these changes");
        mvc.perform(post("/config/apply")
                        .with(viewer.login())
                        .with(csrf())
                        .param("document", DOCUMENT)
                        .param("secrets", "PAGER_OPS_ROUTING_KEY=" + ROUTING_KEY)
                        .param("planHash", "00"))
                .andExpect(status().isForbidden());
        assertThat(monitors.findByTeamIdOrderByNameAsc(team)).isEmpty();
        mvc.perform(get("/config").with(viewer.login())).andExpect(content().string(not(containsString(ROUTING_KEY))));
    }
}
