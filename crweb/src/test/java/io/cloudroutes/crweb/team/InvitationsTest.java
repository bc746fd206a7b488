package io.cloudroutes.crweb.team;

import static io.cloudroutes.crweb.TestInfrastructure.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.TestMailbox;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.team.Invitation;
import io.cloudroutes.store.team.InvitationRepository;
import io.cloudroutes.store.team.TeamMember;
import io.cloudroutes.store.team.TeamRole;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@Import({TestClock.InPlace.class, TestMailbox.InPlace.class})
class InvitationsTest extends PeopleInTeams {

    @Autowired
    TestMailbox mailbox;

    @Autowired
    TestClock clock;

    @Autowired
    InvitationRepository invitations;

    private Person owner;
    private long team;
    private String teamName;

    @BeforeEach
    void aTeamWithAnOwner() throws Exception {
        owner = person("owner");
        teamName = "Platform " + UUID.randomUUID().toString().substring(0, 8);
        team = teamOf(owner, teamName);
    }

    @Test
    void anInvitedEditorAcceptsTheMailedLinkAndSeesTheTeamsMonitors() throws Exception {
        String monitorName = "db-" + UUID.randomUUID();
        Monitor monitor = new Monitor(team, owner.id(), monitorName, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitors.save(monitor);
        Person ben = person("ben");

        invite(owner, ben.email(), "editor")
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/team#invitations"));
        TestMailbox.Mail mail = mailbox.first(ben.email());
        assertThat(mail.subject()).contains(owner.email()).contains(teamName);
        assertThat(mail.text())
                .contains(owner.email() + " invites " + ben.email() + " to join the team '" + teamName + "'")
                .contains("as editor")
                .contains("until " + expiryIn7Days());
        String link = mail.link(CrwebIntegrationTest.PUBLIC_URL + "/invitations/");

        mvc.perform(follow(link).with(ben.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(owner.email())))
                .andExpect(content().string(containsString("Join the team")));
        mvc.perform(accept(link).with(ben.login()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));

        assertThat(members.findByTeamIdAndUserId(team, ben.id()))
                .map(TeamMember::getRole)
                .contains(TeamRole.EDITOR);
        mvc.perform(get("/monitors").with(ben.login())).andExpect(content().string(containsString(monitorName)));
        mvc.perform(get("/api/v1/audit").with(bearer(keyOf(owner))))
                .andExpect(jsonPath("$.items[*].action", hasItems("member.invited", "member.joined")))
                .andExpect(jsonPath("$.items[?(@.action == 'member.joined')].actor", hasItem(ben.email())));
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content().string(containsString("No open invitations.")))
                .andExpect(content().string(containsString(ben.email())));
    }

    @Test
    void theTeamPageListsOpenInvitationsWithWhoInvitedAndWhenTheyExpire() throws Exception {
        String ana = "ana-" + UUID.randomUUID() + "@example.com";
        invite(owner, ana, "viewer");
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content().string(containsString(ana)))
                .andExpect(content().string(containsString(expiryIn7Days())))
                .andExpect(content().string(containsString("Withdraw")));
    }

    @Test
    void onlyTheHashOfTheTokenIsStored() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "viewer");
        String token = tokenOf(linkTo(ben.email()));
        Optional<Invitation> stored = invitations.findByTokenHash(SecretTokens.hash(token));
        assertThat(stored).isPresent();
        assertThat(stored.get().getTokenHash()).isNotEqualTo(token).doesNotContain(token);
        assertThat(invitations.findAll()).noneMatch(i -> i.getTokenHash().equals(token));
    }

    @Test
    void someoneSignedInWithAnotherEmailCannotAccept() throws Exception {
        Person ben = person("ben");
        Person carl = person("carl");
        invite(owner, ben.email(), "editor");
        String link = linkTo(ben.email());

        mvc.perform(follow(link).with(carl.login()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("only that account can accept it")))
                .andExpect(content().string(not(containsString("Join the team</button>"))));
        mvc.perform(accept(link).with(carl.login()))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("only that account can accept it")));

        assertThat(members.findByTeamIdAndUserId(team, carl.id())).isEmpty();
        mvc.perform(accept(link).with(ben.login())).andExpect(redirectedUrl("/"));
    }

    @Test
    void aLoggedOutVisitorIsToldToLogInWithTheInvitedAddressAndComesBackAfterLogIn() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "editor");
        String link = linkTo(ben.email());

        mvc.perform(follow(link))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("To accept, log in with")))
                .andExpect(content().string(containsString(ben.email())))
                .andExpect(content().string(containsString("Sign up")));
        mvc.perform(accept(link)).andExpect(status().is3xxRedirection());
        mvc.perform(get(path(link) + "/login")).andExpect(status().is3xxRedirection());
        mvc.perform(get(path(link) + "/login").with(ben.login())).andExpect(redirectedUrl(path(link)));

        assertThat(members.findByTeamIdAndUserId(team, ben.id())).isEmpty();
    }

    @Test
    void anExpiredLinkIsRefusedAndChangesNothing() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "editor");
        String link = linkTo(ben.email());
        clock.advance(Duration.ofDays(7).plusMinutes(1));

        mvc.perform(follow(link).with(ben.login()))
                .andExpect(status().isGone())
                .andExpect(content().string(containsString("This invitation does not work")));
        mvc.perform(accept(link).with(ben.login())).andExpect(status().isGone());
        assertThat(members.findByTeamIdAndUserId(team, ben.id())).isEmpty();
    }

    @Test
    void aUsedLinkIsRefusedAsAnUnknownOneIs() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "viewer");
        String link = linkTo(ben.email());
        mvc.perform(accept(link).with(ben.login())).andExpect(redirectedUrl("/"));

        String used = mvc.perform(accept(link).with(ben.login()))
                .andExpect(status().isGone())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String unknown = mvc.perform(get("/invitations/cri_" + UUID.randomUUID()))
                .andExpect(status().isGone())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(used).contains("This invitation does not work");
        assertThat(unknown).contains("This invitation does not work");
    }

    @Test
    void aWithdrawnLinkIsRefusedAndTheWithdrawalIsLogged() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "editor");
        String link = linkTo(ben.email());
        long id = invitations
                .findByTokenHash(SecretTokens.hash(tokenOf(link)))
                .orElseThrow()
                .getId();

        mvc.perform(post("/team/invitations/" + id + "/withdraw")
                        .with(owner.login())
                        .with(csrf()))
                .andExpect(redirectedUrl("/team#invitations"));

        mvc.perform(accept(link).with(ben.login())).andExpect(status().isGone());
        assertThat(members.findByTeamIdAndUserId(team, ben.id())).isEmpty();
        mvc.perform(get("/api/v1/audit").with(bearer(keyOf(owner))))
                .andExpect(jsonPath("$.items[*].action", hasItem("member.invitation-withdrawn")));
    }

    @Test
    void invitingAnAddressAgainReplacesItsOpenInvitation() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "viewer");
        String first = linkTo(ben.email());
        invite(owner, ben.email(), "editor");
        String second = mailbox.waitFor(ben.email(), 2).get(1).link(CrwebIntegrationTest.PUBLIC_URL + "/invitations/");

        mvc.perform(accept(first).with(ben.login())).andExpect(status().isGone());
        mvc.perform(accept(second).with(ben.login())).andExpect(redirectedUrl("/"));
        assertThat(members.findByTeamIdAndUserId(team, ben.id()))
                .map(TeamMember::getRole)
                .contains(TeamRole.EDITOR);
    }

    @Test
    void aMemberAlreadyIsToldSoAndKeepsTheirRole() throws Exception {
        Person ben = person("ben");
        invite(owner, ben.email(), "admin");
        join(ben, team, TeamRole.VIEWER);

        MvcResult answer = mvc.perform(accept(linkTo(ben.email())).with(ben.login()))
                .andExpect(redirectedUrl("/teams"))
                .andReturn();
        assertThat(answer.getFlashMap().values().toString()).contains("already, as viewer: nothing changed");
        assertThat(members.findByTeamIdAndUserId(team, ben.id()))
                .map(TeamMember::getRole)
                .contains(TeamRole.VIEWER);
    }

    @Test
    void editorsAndViewersCannotInviteAndAdminsCannotInviteOwners() throws Exception {
        Person editor = person("editor");
        Person viewer = person("viewer");
        Person admin = person("admin");
        join(editor, team, TeamRole.EDITOR);
        join(viewer, team, TeamRole.VIEWER);
        join(admin, team, TeamRole.ADMIN);
        switchTo(editor, team);
        switchTo(viewer, team);
        switchTo(admin, team);
        String someone = "someone-" + UUID.randomUUID() + "@example.com";

        invite(editor, someone, "viewer").andExpect(status().isForbidden());
        invite(viewer, someone, "viewer").andExpect(status().isForbidden());
        invite(admin, someone, "owner").andExpect(status().isForbidden());
        assertThat(mailbox.to(someone)).isEmpty();

        invite(admin, someone, "editor").andExpect(redirectedUrl("/team#invitations"));
        assertThat(mailbox.first(someone).text()).contains("as editor");
    }

    @Test
    void anInvalidAddressIsShownBesideTheFormAndNothingIsSent() throws Exception {
        mvc.perform(get("/team").with(owner.login())); // shows the notice of the team's creation
        invite(owner, "not an address", "editor").andExpect(redirectedUrl("/team#invitations"));
        mvc.perform(get("/team").with(owner.login()))
                .andExpect(content().string(containsString("enter a valid email address, e.g. ana@example.com")))
                .andExpect(content().string(containsString("value=\"not an address\"")))
                .andExpect(content().string(containsString("No open invitations.")));
    }

    @Test
    void theApiInvitesListsAndWithdraws() throws Exception {
        String key = keyOf(owner);
        String ana = "ana-" + UUID.randomUUID() + "@example.com";

        mvc.perform(post("/api/v1/team/invitations")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"" + ana + "\",\"role\":\"viewer\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.email").value(ana))
                .andExpect(jsonPath("$.role").value("VIEWER"))
                .andExpect(jsonPath("$.invitedBy").value(owner.email()));
        assertThat(mailbox.first(ana).text()).contains("as viewer");
        String body = mvc.perform(get("/api/v1/team/invitations").with(bearer(key)))
                .andExpect(jsonPath("$[0].email").value(ana))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));

        mvc.perform(delete("/api/v1/team/invitations/" + id).with(bearer(key))).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/team/invitations").with(bearer(key)))
                .andExpect(content().json("[]"));
        mvc.perform(delete("/api/v1/team/invitations/" + id).with(bearer(key))).andExpect(status().isNotFound());

        mvc.perform(post("/api/v1/team/invitations")
                        .with(bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"nope\",\"role\":\"boss\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.email").value("enter a valid email address, e.g. ana@example.com"))
                .andExpect(jsonPath("$.fields.role").value("choose a role: owner, admin, editor or viewer"));
        mvc.perform(get("/api/v1/team").with(bearer(key)))
                .andExpect(jsonPath("$.name").value(teamName))
                .andExpect(jsonPath("$.yourRole").value("OWNER"))
                .andExpect(jsonPath("$.members[0].email").value(owner.email()));
    }

    private org.springframework.test.web.servlet.ResultActions invite(Person who, String email, String role)
            throws Exception {
        return mvc.perform(post("/team/invitations")
                .with(who.login())
                .with(csrf())
                .param("email", email)
                .param("role", role));
    }

    private String linkTo(String email) {
        return mailbox.first(email).link(CrwebIntegrationTest.PUBLIC_URL + "/invitations/");
    }

    private static String path(String link) {
        return link.substring(CrwebIntegrationTest.PUBLIC_URL.length());
    }

    private static String tokenOf(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static MockHttpServletRequestBuilder follow(String link) {
        return get(path(link));
    }

    private static MockHttpServletRequestBuilder accept(String link) {
        return post(path(link)).with(csrf());
    }

    private String expiryIn7Days() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(clock.instant().plus(Duration.ofDays(7)))
                + " UTC";
    }
}
