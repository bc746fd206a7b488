package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.monitor.Monitor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Zones on the monitor pages, on a crweb whose operator lists four (a context of its own on the shared servers): a
 * monitor is checked from several under a quorum, names only those listed, and a bad zone name is a field error.
 */
@TestPropertySource(properties = "cloudroutes.zones=default,eu-west,us-east,ap-south")
class MonitorZonesTest extends SignedInPeople {

    @Test
    void aMonitorCanBeCheckedFromSeveralZonesUnderAQuorum() throws Exception {
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .param("zones", " eu-west, us-east ,ap-south")
                        .param("quorum", "ALL_HEALTHY"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved = monitors.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(aliceAccount.getId()))
                .getFirst();
        assertThat(saved.getZoneList()).containsExactly("eu-west", "us-east", "ap-south");
        assertThat(monitors.findWithReactions(saved.getId())
                        .orElseThrow()
                        .toDefinition()
                        .quorum())
                .isEqualTo(io.cloudroutes.core.Quorum.ALL_HEALTHY);

        redis.sync()
                .hset(
                        RedisKeys.state(saved.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS,
                                "FAILED",
                                RedisKeys.StateField.ZONES,
                                "eu-west,us-east",
                                RedisKeys.StateField.zone("eu-west", "status"),
                                "HEALTHY",
                                RedisKeys.StateField.zone("us-east", "status"),
                                "FAILED",
                                RedisKeys.StateField.zone("us-east", "reason"),
                                "no response within 5000 ms"));
        mvc.perform(get("/monitors/" + saved.getId()).with(alice))
                .andExpect(content().string(containsString("<table id=\"zones\">")))
                .andExpect(content().string(containsString("us-east")))
                .andExpect(content().string(containsString("no response within 5000 ms")))
                .andExpect(content().string(containsString("every zone healthy decides")));
    }

    @Test
    void aMonitorMayNameOnlyTheZonesTheOperatorListed() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "eu-west, mars-1"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("&#39;mars-1&#39; is not a zone of this installation: "
                                + "choose from default, eu-west, us-east, ap-south (the operator lists them in "
                                + "CLOUDROUTES_ZONES)")));
        assertThat(monitorCount()).isEqualTo(before);
        mvc.perform(get("/monitors/new").param("type", "http").with(alice))
                .andExpect(content()
                        .string(containsString(
                                "<span id=\"zone-choices\">default, eu-west, us-east, " + "ap-south</span>")))
                .andExpect(content().string(containsString("name=\"zones\" value=\"default\"")));
    }

    @Test
    void badZoneNamesAreAFieldErrorAndSaveNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "EU West"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("&#39;EU West&#39; is not a zone name")));
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", "eu, eu"))
                .andExpect(content().string(containsString("each zone once")));
        mvc.perform(httpMonitor("https://example.com", "60").with(alice).param("zones", " , "))
                .andExpect(content().string(containsString("name at least one zone")));
        assertThat(monitorCount()).isEqualTo(before);
    }
}
