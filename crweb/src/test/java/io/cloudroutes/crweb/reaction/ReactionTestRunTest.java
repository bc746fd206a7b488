package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.crweb.PeopleWithApiKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Test runs of a reaction through the REST API v1: dry, or for real once confirmed, and through the egress guard, which
 * refuses CloudRoutes' own Redis.
 */
class ReactionTestRunTest extends PeopleWithApiKeys {

    @Test
    void aReactionCanBeTestRunDryAndForRealAfterConfirmation() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.createContext("/hooks/ops", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        try {
            String url = "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks/ops";
            long id = body(mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                                    .content(
                                            "{\"name\":\"tell ops\",\"reactionType\":\"webhook\",\"settings\":{\"url\":\""
                                                    + url + "\",\"headers\":\"Authorization: Bearer hunter2\"}}"))
                            .andExpect(status().isCreated())
                            .andReturn())
                    .get("id")
                    .asLong();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{\"dryRun\":true}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.supported").value(true))
                    .andExpect(jsonPath("$.request").value(containsString("POST " + url)))
                    .andExpect(jsonPath("$.request").value(containsString("Authorization: Bearer ****")))
                    .andExpect(jsonPath("$.request").value(containsString("\"monitorName\":\"test run of tell ops\"")))
                    .andExpect(jsonPath("$.request").value(not(containsString("hunter2"))));
            assertThat(received).as("a dry run contacts nothing").isEmpty();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{\"dryRun\":false}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.fields.confirm").value(containsString("\"confirm\": true")));
            assertThat(received).isEmpty();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test"))
                            .content("{\"dryRun\":false,\"confirm\":true,\"direction\":\"HEALTHY\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.outcome").value("EXECUTED"))
                    .andExpect(jsonPath("$.output").value(containsString("HTTP 204")));
            assertThat(received).singleElement().asString().contains("\"to\":\"HEALTHY\"");
            mvc.perform(as(bobKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                    .andExpect(status().isNotFound());
        } finally {
            hooks.stop(0);
        }
    }

    @Test
    void aTestRunConnectsThroughTheEgressGuardWhichRefusesCloudRoutesOwnRedis() throws Exception {
        String url = "http://127.0.0.1:" + infrastructure.redisPort() + "/";
        long id = body(mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                                .content(
                                        "{\"name\":\"poke redis\",\"reactionType\":\"webhook\",\"settings\":{\"url\":\""
                                                + url + "\"}}"))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();

        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test"))
                        .content("{\"dryRun\":false,\"confirm\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("FAILED"))
                .andExpect(jsonPath("$.output")
                        .value("could not POST to " + url + ": 127.0.0.1:"
                                + infrastructure.redisPort() + " refused by the egress policy (CloudRoutes' own Redis);"
                                + " CloudRoutes' own endpoints are never allowed"));
    }
}
