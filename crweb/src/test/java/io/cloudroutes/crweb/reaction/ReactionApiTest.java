package io.cloudroutes.crweb.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.cloudroutes.reactions.ReactionType;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reactions through the REST API v1: managed and linked to monitors, each type refusing its missing required settings,
 * and a change the actioner folds with (or a deletion) has the bridge rewrite every monitor the reaction is attached
 * to.
 */
class ReactionApiTest extends PeopleWithApiKeys {

    @Test
    void reactionsAreManagedAndLinkedToMonitors() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        JsonNode reaction =
                body(mvc.perform(as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"page ops","reactionType":"webhook","callOn":"FAILED","triggerCount":2,
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn());
        long reactionId = reaction.get("id").asLong();
        assertThat(reaction.get("triggerCount").asInt()).isEqualTo(2);

        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                .andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/reactions")))
                .andExpect(jsonPath("$[0].id").value(reactionId))
                .andExpect(jsonPath("$[0].name").value("page ops"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId)))
                .andExpect(jsonPath("$.reactionIds[0]").value(reactionId));

        // Bob can neither see Alice's reaction nor attach it to his monitor.
        long bobsMonitor = createTcpMonitor(bobKey);
        mvc.perform(as(bobKey, get("/api/v1/reactions/" + reactionId))).andExpect(status().isNotFound());
        mvc.perform(as(bobKey, put("/api/v1/monitors/" + bobsMonitor + "/reactions/" + reactionId)))
                .andExpect(status().isNotFound());

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"callOn\":\"UNKNOWN\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(
                        jsonPath("$.fields.callOn")
                                .value(
                                        "a reaction runs on FAILED, HEALTHY or BOTH (both changes, for notifications), not 'UNKNOWN'"));

        mvc.perform(as(aliceKey, delete("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                .andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/reactions")))
                .andExpect(content().json("[]"));
        mvc.perform(as(aliceKey, delete("/api/v1/reactions/" + reactionId))).andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/reactions"))).andExpect(content().json("[]"));
    }

    /** The monitors whose Redis copy the bridge is asked to rewrite after outbox entry {@code afterId}. */
    private List<Long> upsertedAfter(long afterId) {
        return jdbc.queryForList(
                "select monitor_id from outbox where id > ? and operation = 'UPSERT' order by id", Long.class, afterId);
    }

    private long lastOutboxEntry() {
        return jdbc.queryForObject("select coalesce(max(id), 0) from outbox", Long.class);
    }

    @Test
    void changingAReactionsTriggerOrDeletingItHasTheBridgeRewriteEveryMonitorItIsAttachedTo() throws Exception {
        long checkout = createTcpMonitor(aliceKey);
        long search = createTcpMonitor(aliceKey);
        long unattached = createTcpMonitor(aliceKey);
        long reactionId = body(mvc.perform(
                                as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"page ops","reactionType":"webhook","callOn":"FAILED","triggerCount":3,
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
        for (long monitorId : List.of(checkout, search)) {
            mvc.perform(as(aliceKey, put("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                    .andExpect(status().isNoContent());
        }

        // the monitors' definitions in Redis carry the trigger, at which the actioner records its decisions
        long before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"triggerCount\":5}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.triggerCount").value(5));
        assertThat(upsertedAfter(before))
                .containsExactlyInAnyOrder(checkout, search)
                .doesNotContain(unattached);

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"callOn\":\"HEALTHY\"}"))
                .andExpect(status().isOk());
        assertThat(upsertedAfter(before)).containsExactlyInAnyOrder(checkout, search);

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"name\":\"page the team\"}"))
                .andExpect(status().isOk());
        assertThat(upsertedAfter(before))
                .as("a new name changes nothing the actioner folds with")
                .isEmpty();

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, delete("/api/v1/reactions/" + reactionId))).andExpect(status().isNoContent());
        assertThat(upsertedAfter(before)).containsExactlyInAnyOrder(checkout, search);
    }

    @Test
    void everyReactionTypeRefusesMissingRequiredSettingsFieldByFieldAndSavesNothing() throws Exception {
        long before = jdbc.queryForObject("select count(*) from reactions", Long.class);
        long saved = 0;
        for (ReactionType type : ReactionType.registry().all()) {
            List<String> required = type.settings().stream()
                    .filter(s -> s.required() && s.defaultValue() == null)
                    .map(Setting::name)
                    .toList();
            var answer = mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                    .content("{\"name\":\"x\",\"reactionType\":\"" + type.id() + "\",\"settings\":{}}"));
            if (answer.andReturn().getResponse().getStatus() == 201) {
                saved++;
            }
            if (required.isEmpty()) {
                continue;
            }
            answer.andExpect(status().isUnprocessableContent());
            for (String name : required) {
                answer.andExpect(jsonPath("$.fields['settings." + name + "']").isNotEmpty());
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from reactions", Long.class))
                .isEqualTo(before + saved);
        // no single setting is required, but an email must go to someone: a fixed address or the on-call members
        mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                        .content("{\"name\":\"x\",\"reactionType\":\"email\",\"settings\":{}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields['settings.to']").value(containsString("on-call members")));
        assertThat(ReactionType.registry().all())
                .extracting(ReactionType::id)
                .contains(
                        "route53",
                        "cloudflare",
                        "rfc2136",
                        "aws-ec2",
                        "digitalocean",
                        "ssh-command",
                        "haproxy",
                        "aws-elbv2",
                        "email",
                        "slack",
                        "pagerduty",
                        "webhook",
                        "http-request");
    }
}
