package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.store.team.TeamRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * "Check now" on the monitor form runs the check once with the form's settings, through the egress guard, and shows
 * what it found on the same form; it saves nothing, refuses bad settings field by field, and is for editors only.
 */
class CheckNowTest extends PeopleInTeams {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Egress egress;

    /** A loopback target that answers 200 to its first request and 500 to every later one. */
    private HttpServer target;

    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/health", exchange -> {
            int status = requests.incrementAndGet() == 1 ? 200 : 500;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
    }

    @Test
    void theResultOfOneRunIsShownOnTheFormAndNothingIsSaved() throws Exception {
        Person ana = person("ana");
        long team = personalTeam(ana);
        long monitorsBefore = monitors.countByTeamId(team);

        String first = page(checkNow("/monitors/check-now", ana, url()));
        assertThat(first)
                .contains("id=\"check-now-outcome\"")
                .contains("<span class=\"status HEALTHY\">HEALTHY</span>")
                .contains("id=\"check-now-latency\"")
                .contains("Nothing was saved")
                // the form comes back as it was sent, ready to save
                .contains("value=\"" + url() + "\"")
                .contains("value=\"checkout\"")
                .contains("Create monitor");

        String second = page(checkNow("/monitors/check-now", ana, url()));
        assertThat(second)
                .contains("<span class=\"status FAILED\">FAILED</span>")
                .contains("expected status 200-299 but got 500")
                .containsPattern(
                        "<li class=\"condition failed\">[^<]*<span[^>]*>✗</span>\\s*<span>Expected status: </span>");

        assertThat(requests).hasValue(2);
        assertThat(monitors.countByTeamId(team)).as("nothing saved").isEqualTo(monitorsBefore);
        assertThat(jdbc.queryForList(
                        "select details from audit_events where team_id = ? and action = 'monitor.checked-now'"
                                + " order by id",
                        String.class,
                        team))
                .hasSize(2)
                .last()
                .asString()
                .contains("FAILED");
    }

    @Test
    void badSettingsGetFieldErrorsAsOnSaveAndNothingIsContacted() throws Exception {
        Person ana = person("ana");
        String page = page(checkNow("/monitors/check-now", ana, "not a url", "0"));
        assertThat(page)
                .contains("id=\"check-now-refused\"")
                .contains("id=\"setting-url-error\"")
                .containsPattern("id=\"setting-url\"[^>]*aria-describedby=\"setting-url-help setting-url-error\"")
                .contains("aria-invalid=\"true\"")
                .contains("id=\"timeoutSeconds-error\"")
                .doesNotContain("id=\"check-now-outcome\"");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aPrivateAddressIsOutsideTheEgressPolicy() throws Exception {
        // decided on the address alone: nothing is looked up or contacted
        InetAddress privateAddress = InetAddress.getByAddress(new byte[] {10, (byte) 255, 0, 1});
        EgressPolicy.Decision decision = egress.policy().decide(privateAddress, 8080);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason("10.255.0.1:8080"))
                .startsWith("10.255.0.1:8080 refused by the egress policy (private)");
    }

    @Test
    void aUrlOutsideTheEgressPolicyGetsTheGuardsRefusalAsTheResult() throws Exception {
        // the tests open 127.0.0.0/8 only, so IPv6 loopback is refused by the policy; a listener there shows that
        // the guard refused before connecting, and a guard that did connect would still reach only this host
        AtomicInteger reached = new AtomicInteger();
        HttpServer refusedTarget = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
        refusedTarget.createContext("/", exchange -> {
            reached.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        refusedTarget.start();
        try {
            Person ana = person("ana");
            String url = "http://[::1]:" + refusedTarget.getAddress().getPort() + "/health";
            String page = page(checkNow("/monitors/check-now", ana, url));
            assertThat(page)
                    .contains("<span class=\"status FAILED\">FAILED</span>")
                    .contains("refused by the egress policy");
            assertThat(reached).as("connections to the refused target").hasValue(0);
        } finally {
            refusedTarget.stop(0);
        }
    }

    @Test
    void anEditedMonitorIsCheckedWithItsFormAndStaysAsStored() throws Exception {
        Person ana = person("ana");
        String location = mvc.perform(checkNow("/monitors", ana, url()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String page =
                page(checkNow("/monitors/" + id + "/check-now", ana, url()).param("name", "renamed"));
        assertThat(page).contains("HEALTHY").contains("Save changes");
        assertThat(monitors.findById(id).orElseThrow().getName()).isEqualTo("checkout");

        Person other = person("other");
        mvc.perform(checkNow("/monitors/" + id + "/check-now", other, url())).andExpect(status().isNotFound());
    }

    @Test
    void aViewerMayNotCheckNow() throws Exception {
        Person owner = person("owner");
        long team = teamOf(owner, "Ops " + owner.id());
        Person viewer = person("viewer");
        join(viewer, team, TeamRole.VIEWER);
        switchTo(viewer, team);
        mvc.perform(checkNow("/monitors/check-now", viewer, url())).andExpect(status().isForbidden());
        switchTo(owner, team);
        mvc.perform(checkNow("/monitors/check-now", owner, url())).andExpect(status().isOk());
        assertThat(requests).as("only the owner's check ran").hasValue(1);
    }

    @Test
    void withoutTheCsrfTokenNothingRuns() throws Exception {
        Person ana = person("ana");
        mvc.perform(post("/monitors/check-now")
                        .with(ana.login())
                        .param("checkType", "http")
                        .param("settings[url]", url()))
                .andExpect(status().isForbidden());
        assertThat(requests).hasValue(0);
    }

    @Test
    void theFormOfAPolledTypeHasTheButtonAndAPushedTypeHasNone() throws Exception {
        Person ana = person("ana");
        assertThat(page(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/monitors/new")
                        .param("type", "tcp")
                        .with(ana.login())))
                .contains("id=\"check-now\"")
                .contains("formaction=\"/monitors/check-now#check-now-result\"");
        assertThat(page(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/monitors/new")
                        .param("type", "heartbeat")
                        .with(ana.login())))
                .doesNotContain("id=\"check-now\"");
    }

    private MockHttpServletRequestBuilder checkNow(String path, Person person, String url) {
        return checkNow(path, person, url, "5");
    }

    private MockHttpServletRequestBuilder checkNow(String path, Person person, String url, String timeout) {
        return post(path)
                .with(person.login())
                .with(csrf())
                .param("name", "checkout")
                .param("checkType", "http")
                .param("intervalSeconds", "60")
                .param("timeoutSeconds", timeout)
                .param("failThreshold", "2")
                .param("recoverThreshold", "1")
                .param("settings[url]", url)
                .param("settings[method]", "GET");
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
