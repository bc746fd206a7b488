package io.cloudroutes.crweb.monitor;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.crweb.TestInfrastructure;
import java.time.Clock;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/**
 * A flapping monitor (the actioners' fold marks it in its live state when it changes status too often) as people and
 * the API see it: a badge on its dashboard row, "flapping: 6 changes in the last 10 min" on its page, and
 * {@code flapping} in {@code /api/v1/states} and its status; a stable monitor shows none of it.
 */
class FlappingMonitorTest extends SignedInPeople {

    static final long MINUTE = 60_000L;

    @Autowired
    Clock clock;

    @Test
    void aFlappingMonitorSaysSoOnTheDashboardItsPageAndTheApi() throws Exception {
        long id = aliceCreatesAMonitor();
        long now = clock.millis();
        StringJoiner times = new StringJoiner(",");
        for (int i = 6; i >= 1; i--) {
            times.add(String.valueOf(now - i * MINUTE));
        }
        // as the fold leaves it after the sixth change within 10 minutes
        redis.sync()
                .hset(
                        RedisKeys.state(id),
                        Map.of(
                                RedisKeys.StateField.STATUS, "FAILED",
                                RedisKeys.StateField.SINCE, String.valueOf(now - MINUTE),
                                RedisKeys.StateField.LAST_CHECKED_AT, String.valueOf(now - MINUTE),
                                RedisKeys.StateField.FLAPPING, "1",
                                RedisKeys.StateField.FLAP_TRANSITIONS, times.toString(),
                                RedisKeys.StateField.FLAP_WINDOW, String.valueOf(10 * MINUTE)));

        mvc.perform(get("/").with(alice))
                .andExpect(content().string(containsString("<span class=\"badge flapping\"")))
                .andExpect(content()
                        .string(containsString(
                                "<span class=\"visually-hidden\">: this monitor changes status too often</span>")));
        mvc.perform(get("/monitors/" + id).with(alice))
                .andExpect(content()
                        .string(containsString("flapping: 6 changes in the last 10 min (stable again after 10 min "
                                + "without a change)")));

        String key = TestInfrastructure.apiKey(mvc, alice);
        mvc.perform(get("/api/v1/states").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(
                        jsonPath("$.monitors[?(@.id == " + id + ")].flapping").value(true))
                .andExpect(jsonPath("$.monitors[?(@.id == " + id + ")].flapChanges")
                        .value(6))
                .andExpect(jsonPath("$.monitors[?(@.id == " + id + ")].flapWindowSeconds")
                        .value(600));
        mvc.perform(get("/api/v1/monitors/" + id + "/status").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.flapping").value(true))
                .andExpect(jsonPath("$.flapChanges").value(6))
                .andExpect(jsonPath("$.flapWindowSeconds").value(600));
    }

    @Test
    void aStableMonitorShowsNoFlapping() throws Exception {
        long id = aliceCreatesAMonitor();
        long now = clock.millis();
        // stable again: the fold cleared the flag after a quiet window
        redis.sync()
                .hset(
                        RedisKeys.state(id),
                        Map.of(
                                RedisKeys.StateField.STATUS,
                                "HEALTHY",
                                RedisKeys.StateField.SINCE,
                                String.valueOf(now - 30 * MINUTE),
                                RedisKeys.StateField.LAST_CHECKED_AT,
                                String.valueOf(now - MINUTE),
                                RedisKeys.StateField.FLAPPING,
                                "0",
                                RedisKeys.StateField.FLAP_TRANSITIONS,
                                "",
                                RedisKeys.StateField.FLAP_WINDOW,
                                String.valueOf(10 * MINUTE)));

        mvc.perform(get("/").with(alice)).andExpect(content().string(not(containsString("badge flapping"))));
        mvc.perform(get("/monitors/" + id).with(alice)).andExpect(content().string(not(containsString("flapping:"))));
        String key = TestInfrastructure.apiKey(mvc, alice);
        mvc.perform(get("/api/v1/monitors/" + id + "/status").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.flapping").value(false));
    }

    private long aliceCreatesAMonitor() throws Exception {
        String location = mvc.perform(httpMonitor("https://example.com", "60").with(alice))
                .andExpect(redirectedUrlPattern("/monitors/*"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
