package io.cloudroutes.crweb;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.Team;
import io.cloudroutes.store.team.TeamMember;
import io.cloudroutes.store.team.TeamMemberRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.cloudroutes.store.team.TeamRole;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The shared crweb with people who sign in with a session of their own (so the team they chose stays chosen between
 * requests) and shared teams they are members of, with a role each: for tests of who may do what in a team.
 */
@CrwebIntegrationTest
public abstract class PeopleInTeams {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected UserAccountRepository users;

    @Autowired
    protected UserDetailsService accounts;

    @Autowired
    protected TeamRepository teams;

    @Autowired
    protected TeamMemberRepository members;

    @Autowired
    protected MonitorRepository monitors;

    @Autowired
    protected ReactionConfigRepository reactions;

    /** A signed-in person: their account, and their browser (its session keeps the team they work in). */
    protected record Person(UserAccount account, MockHttpSession session, RequestPostProcessor login) {

        public long id() {
            return account.getId();
        }

        public String email() {
            return account.getEmail();
        }
    }

    /** A new person, signed in, working in their personal team. */
    protected Person person(String name) {
        UserAccount account = users.save(new UserAccount(name + "-" + UUID.randomUUID() + "@example.com", "x"));
        MockHttpSession session = new MockHttpSession();
        RequestPostProcessor signedIn = user(accounts.loadUserByUsername(account.getEmail()));
        return new Person(account, session, request -> {
            request.setSession(session);
            return signedIn.postProcessRequest(request);
        });
    }

    /** A shared team made by {@code owner} on the teams page; they work in it from then on. */
    protected long teamOf(Person owner, String name) throws Exception {
        mvc.perform(post("/teams").with(owner.login()).with(csrf()).param("name", name))
                .andExpect(status().is3xxRedirection());
        return members.findTeamsOf(owner.id()).stream()
                .filter(m -> m.teamName().equals(name))
                .findFirst()
                .orElseThrow()
                .teamId();
    }

    /** Makes {@code person} a member of {@code teamId} with {@code role} (as accepting an invitation does). */
    protected void join(Person person, long teamId, TeamRole role) {
        members.save(new TeamMember(teamId, person.id(), role));
    }

    /** The person works in {@code teamId} from now on, chosen in the header. */
    protected void switchTo(Person person, long teamId) throws Exception {
        mvc.perform(post("/teams/switch").with(person.login()).with(csrf()).param("teamId", String.valueOf(teamId)))
                .andExpect(status().is3xxRedirection());
    }

    /** A TCP monitor of {@code teamId}, made by {@code by}, saved directly. */
    protected Monitor monitorIn(long teamId, Person by, String name) {
        Monitor monitor = new Monitor(teamId, by.id(), name, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }

    /** The personal team of a person. */
    protected long personalTeam(Person person) {
        return teams.findPersonalTeamOf(person.id()).map(Team::getId).orElseThrow();
    }

    /** A read-write API key {@code person} makes on the API keys page of the team they work in. */
    protected String keyOf(Person person) throws Exception {
        return TestInfrastructure.apiKey(mvc, person.login());
    }
}
