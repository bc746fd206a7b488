package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A person chooses on the monitor form which of the team's monitors a monitor depends on; the monitor pages show
 * parents and children, and the form refuses another team's monitor, the monitor itself and any cycle, naming it.
 */
class MonitorDependenciesPagesTest extends SignedInPeople {

    private Monitor aliceMonitor(String name) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), name, "tcp");
        monitor.setSettings(Map.of("host", name + ".internal", "port", "443"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }

    /** The edit form of a tcp monitor as it is, saved with {@code dependsOn}. */
    private MockHttpServletRequestBuilder saveWithParents(Monitor monitor, Long... parents) {
        MockHttpServletRequestBuilder form = post("/monitors/" + monitor.getId())
                .with(csrf())
                .param("name", monitor.getName())
                .param("intervalSeconds", "30")
                .param("timeoutSeconds", "5")
                .param("failThreshold", "2")
                .param("recoverThreshold", "1")
                .param("enabled", "true")
                .param("zones", "default")
                .param("quorum", "MAJORITY")
                .param("settings[host]", monitor.getName() + ".internal")
                .param("settings[port]", "443");
        for (Long parent : parents) {
            form.param("dependsOn", String.valueOf(parent));
        }
        return form;
    }

    private List<Long> parentsOf(Monitor monitor) {
        return jdbc.queryForList(
                "select depends_on_id from monitor_dependencies where monitor_id = ? order by depends_on_id",
                Long.class,
                monitor.getId());
    }

    @Test
    void aMonitorDependsOnItsBalancerAndBothPagesSaySo() throws Exception {
        Monitor lb = aliceMonitor("lb");
        Monitor api = aliceMonitor("api");

        mvc.perform(get("/monitors/" + api.getId() + "/edit").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<option value=\"" + lb.getId() + "\">lb</option>")));
        mvc.perform(saveWithParents(api, lb.getId()).with(alice))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/monitors/" + api.getId()));

        assertThat(parentsOf(api)).containsExactly(lb.getId());
        mvc.perform(get("/monitors/" + api.getId()).with(alice))
                .andExpect(content()
                        .string(allOf(
                                containsString("<a href=\"/monitors/" + lb.getId() + "\">lb</a>"),
                                containsString("this monitor's reactions on FAILED are held"))));
        mvc.perform(get("/monitors/" + lb.getId()).with(alice))
                .andExpect(content().string(containsString("<a href=\"/monitors/" + api.getId() + "\">api</a>")));
        mvc.perform(get("/monitors/" + api.getId() + "/edit").with(alice))
                .andExpect(content()
                        .string(containsString(
                                "<option value=\"" + lb.getId() + "\" selected=\"selected\">lb</option>")));
        assertThat(jdbc.queryForList(
                        "select details from audit_events where target_id = ? and action = 'monitor.changed'",
                        String.class,
                        api.getId()))
                .containsExactly("changed: dependsOn");
    }

    @Test
    void aCycleOfTwoIsRefusedNamingItAndChangesNothing() throws Exception {
        Monitor lb = aliceMonitor("lb");
        Monitor api = aliceMonitor("api");
        mvc.perform(saveWithParents(api, lb.getId()).with(alice)).andExpect(status().is3xxRedirection());
        long outboxBefore = outboxCount();

        mvc.perform(saveWithParents(lb, api.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("this would make a cycle: lb → api → lb (a monitor cannot depend, even "
                                + "through others, on itself). Remove api from the monitors lb depends on, or first "
                                + "remove lb from the monitors api depends on")));
        assertThat(parentsOf(lb)).isEmpty();
        assertThat(outboxCount()).isEqualTo(outboxBefore);
    }

    @Test
    void aLongerCycleIsRefusedNamingEveryMonitorOnIt() throws Exception {
        Monitor site = aliceMonitor("site");
        Monitor gateway = aliceMonitor("gateway");
        Monitor dns = aliceMonitor("dns");
        mvc.perform(saveWithParents(site, gateway.getId()).with(alice)).andExpect(status().is3xxRedirection());
        mvc.perform(saveWithParents(gateway, dns.getId()).with(alice)).andExpect(status().is3xxRedirection());

        mvc.perform(saveWithParents(dns, site.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("this would make a cycle: dns → site → gateway → dns")))
                .andExpect(content().string(containsString("or first remove one of the other links")));
        assertThat(parentsOf(dns)).isEmpty();
    }

    @Test
    void aMonitorCannotDependOnItself() throws Exception {
        Monitor api = aliceMonitor("api");
        mvc.perform(saveWithParents(api, api.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("a monitor cannot depend on itself")));
        assertThat(parentsOf(api)).isEmpty();
    }

    @Test
    void anotherTeamsMonitorIsRefusedLikeOneThatDoesNotExist() throws Exception {
        Monitor api = aliceMonitor("api");
        UserAccount carol = users.save(new UserAccount("carol-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor bobs = new Monitor(teamRepository.personalTeamIdOf(carol.getId()), carol.getId(), "carol's lb", "tcp");
        bobs.setSettings(Map.of("host", "lb.carol.internal", "port", "443"));
        bobs.setIntervalSeconds(30);
        bobs.setTimeoutSeconds(5);
        Monitor saved = monitors.save(bobs);
        String refused = "one of the chosen monitors does not exist; choose among this team&#39;s monitors";

        mvc.perform(saveWithParents(api, saved.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(refused)));
        mvc.perform(saveWithParents(api, Long.MAX_VALUE).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(refused)));
        assertThat(parentsOf(api)).isEmpty();
    }

    @Test
    void deletingTheParentRemovesTheDependency() throws Exception {
        Monitor lb = aliceMonitor("lb");
        Monitor api = aliceMonitor("api");
        mvc.perform(saveWithParents(api, lb.getId()).with(alice)).andExpect(status().is3xxRedirection());

        mvc.perform(post("/monitors/" + lb.getId() + "/delete").with(csrf()).with(alice))
                .andExpect(status().is3xxRedirection());

        assertThat(parentsOf(api)).isEmpty();
        mvc.perform(get("/monitors/" + api.getId()).with(alice))
                .andExpect(content().string(containsString("<dd id=\"depends-on\"><span>nothing</span>")));
    }
}
