package io.cloudroutes.crweb.configcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * The team's configuration as code through the API: exported, planned (a dry run), applied in one transaction, and
 * exported again the same; bad documents refused field by field with nothing changed; secrets never shown.
 */
class ConfigApiTest extends PeopleWithApiKeys {

    static final String ROUTING_KEY = "abcdefghijklmnopqrstuvwxyz123456";
    static final String OTHER_ROUTING_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA654321";

    String slug;

    @BeforeEach
    void aSlugOfItsOwn() {
        slug = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A document with a reaction holding a secret, two dependent monitors, a weekly and a cron window, a page. */
    String document() {
        return """
                version: 1
                reactions:
                  - name: pager ops
                    type: pagerduty
                    settings:
                      routingKey: {secret: PAGER_OPS_ROUTING_KEY}
                      severity: error
                monitors:
                  - name: lb
                    type: tcp
                    enabled: false
                    zones: [default]
                    settings: {host: lb.internal, port: 443}
                  - name: api
                    type: tcp
                    intervalSeconds: 30
                    timeoutSeconds: 5
                    zones: [default]
                    tags: [web]
                    reactions: [pager ops]
                    dependsOn: [lb]
                    settings: {host: api.internal, port: 443}
                maintenanceWindows:
                  - name: patch night
                    kind: WEEKLY
                    timeZone: Europe/Berlin
                    days: [TUESDAY, MONDAY]
                    startTime: "02:30"
                    durationMinutes: 120
                    monitors: [api]
                  - name: sunday backup
                    kind: CRON
                    timeZone: UTC
                    cron: "0 0 3 * * SUN"
                    durationMinutes: 30
                    tags: [web]
                statusPages:
                  - slug: SLUG
                    title: Shop status
                    published: true
                    groups:
                      - name: Front
                        monitors: [api, lb]
                """.replace("SLUG", slug);
    }

    MvcResult send(String key, String path, String document, Map<String, String> secrets, boolean prune)
            throws Exception {
        return sendWithHash(key, path, document, secrets, prune, null);
    }

    MvcResult sendWithHash(
            String key, String path, String document, Map<String, String> secrets, boolean prune, String hash)
            throws Exception {
        Map<String, Object> request = new java.util.HashMap<>();
        request.put("document", document);
        request.put("secrets", secrets);
        request.put("prune", prune);
        if (hash != null) {
            request.put("planHash", hash);
        }
        return mvc.perform(as(key, post(path)).content(json.writeValueAsString(request)))
                .andReturn();
    }

    JsonNode ok(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(200);
        return body(result);
    }

    String export(String key) throws Exception {
        MvcResult result = mvc.perform(as(key, get("/api/v1/config"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("application/yaml");
        return result.getResponse().getContentAsString();
    }

    Map<String, String> secrets() {
        return Map.of("PAGER_OPS_ROUTING_KEY", ROUTING_KEY);
    }

    @Test
    void anExportImportedIntoAFreshTeamExportsTheSameAndASecondApplyChangesNothing() throws Exception {
        JsonNode applied = ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        assertThat(applied.get("applied").asBoolean()).isTrue();
        assertThat(applied.at("/counts/create").asInt()).isEqualTo(6);

        String first = export(aliceKey);
        assertThat(first)
                .contains("secret: PAGER_OPS_ROUTING_KEY", "dependsOn:", "- lb", "cron: 0 0 3 * * SUN")
                .contains("timeZone: Europe/Berlin", "- name: Front", "enabled: false", "published: true")
                .doesNotContain(ROUTING_KEY, "enc:");
        assertThat(ok(send(aliceKey, "/api/v1/config/plan", first, Map.of(), false))
                        .at("/counts/update")
                        .asInt())
                .as("the export applied again changes nothing")
                .isZero();

        String bobSlug = "b" + slug;
        String forBob = first.replace(slug, bobSlug);
        JsonNode plan = ok(send(bobKey, "/api/v1/config/plan", forBob, secrets(), false));
        assertThat(plan.at("/counts/create").asInt()).isEqualTo(6);
        assertThat(monitorsOf(bobKey)).isZero();
        ok(send(bobKey, "/api/v1/config/apply", forBob, secrets(), false));
        assertThat(export(bobKey)).isEqualTo(forBob);

        JsonNode again = ok(send(bobKey, "/api/v1/config/apply", forBob, Map.of(), false));
        assertThat(again.at("/counts/create").asInt()
                        + again.at("/counts/update").asInt())
                .isZero();
        assertThat(again.at("/counts/unchanged").asInt()).isEqualTo(6);
    }

    @Test
    void aPlanChangesNothingAndShowsChangedFieldsWithSecretsOnlyAsChanged() throws Exception {
        JsonNode plan = ok(send(aliceKey, "/api/v1/config/plan", document(), secrets(), false));
        assertThat(plan.get("applied").asBoolean()).isFalse();
        assertThat(plan.toString()).doesNotContain(ROUTING_KEY);
        assertThat(monitorsOf(aliceKey)).isZero();
        assertThat(export(aliceKey)).isEqualTo("version: 1\n");

        ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        JsonNode changed = ok(send(
                aliceKey,
                "/api/v1/config/plan",
                document().replace("intervalSeconds: 30", "intervalSeconds: 60"),
                Map.of("PAGER_OPS_ROUTING_KEY", OTHER_ROUTING_KEY),
                false));
        assertThat(changed.toString()).doesNotContain(ROUTING_KEY, OTHER_ROUTING_KEY);
        JsonNode api = item(changed, "monitor", "api");
        assertThat(api.get("action").asString()).isEqualTo("UPDATE");
        assertThat(api.get("fields").toString())
                .isEqualTo("[{\"field\":\"intervalSeconds\",\"from\":\"30\",\"to\":\"60\"}]");
        assertThat(item(changed, "reaction", "pager ops").get("fields").toString())
                .isEqualTo("[{\"field\":\"settings.routingKey\",\"from\":\"(secret)\",\"to\":\"(secret changed)\"}]");
        assertThat(item(changed, "monitor", "lb").get("action").asString()).isEqualTo("UNCHANGED");
        assertThat(export(aliceKey)).contains("intervalSeconds: 30");
    }

    @Test
    void itemsLeftOutAreKeptUnlessPruneIsAsked() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        String onlyTheReaction = """
                version: 1
                reactions:
                  - name: pager ops
                    type: pagerduty
                    settings:
                      routingKey: {secret: PAGER_OPS_ROUTING_KEY}
                      severity: error
                """;
        JsonNode kept = ok(send(aliceKey, "/api/v1/config/apply", onlyTheReaction, Map.of(), false));
        assertThat(kept.at("/counts/notInDocument").asInt()).isEqualTo(5);
        assertThat(item(kept, "monitor", "lb").get("action").asString()).isEqualTo("NOT_IN_DOCUMENT");
        assertThat(monitorsOf(aliceKey)).isEqualTo(2);

        JsonNode plan = ok(send(aliceKey, "/api/v1/config/plan", onlyTheReaction, Map.of(), true));
        assertThat(plan.at("/counts/delete").asInt()).isEqualTo(5);
        assertThat(monitorsOf(aliceKey)).isEqualTo(2);
        ok(send(aliceKey, "/api/v1/config/apply", onlyTheReaction, Map.of(), true));
        assertThat(monitorsOf(aliceKey)).isZero();
        assertThat(export(aliceKey)).contains("pager ops").doesNotContain("patch night", slug);
    }

    @Test
    void badDocumentsAreRefusedAtTheirPathAndChangeNothing() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        String before = export(aliceKey);

        refused(
                document().replace("type: tcp\n    intervalSeconds", "type: carrier-pigeon\n    intervalSeconds"),
                "monitors[name=api].type",
                "carrier-pigeon");
        refused(
                document().replace("dependsOn: [lb]", "dependsOn: [nowhere]"),
                "monitors[name=api].dependsOn",
                "no monitor named 'nowhere'");
        refused(
                document()
                        .replace(
                                "    settings: {host: lb.internal, port: 443}",
                                "    dependsOn: [api]\n    settings: {host: lb.internal, port: 443}"),
                "monitors[name=",
                "cycle");
        refused(
                document().replace("0 0 3 * * SUN", "every sunday"),
                "maintenanceWindows[name=sunday backup].cron",
                "cron");
        refused(document().replace("name: lb", "name: api"), "monitors[name=api]", "used twice");
        refused(
                document().replace("timeZone: UTC", "timeZone: Nowhere/Land"),
                "maintenanceWindows[name=sunday backup].timeZone",
                "Nowhere/Land");
        refused("version: 1\nmonitors: [\n  - name: x", "document (line", "not valid YAML");
        refused("version: 1\nmonitors:\n  - name: a\n    wobble: 3\n", "monitors[0]", "unknown field 'wobble'");
        refused(
                "version: 1\nmonitors:\n  - name: a\n    intervalSeconds: soon\n",
                "monitors[0].intervalSeconds",
                "whole number");
        refused("version: 1\n" + "# padding\n".repeat(60_000), "document", "at most 512 KiB");
        refused("""
                version: 1
                a: &a ["x","x","x","x","x","x","x","x","x"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                """, "document (line", "aliases");
        refused("version: 1\nmonitors:\n  - !!java.net.URL [\"http://127.0.0.1\"]\n", "document (line", "tags");
        refused(document().replace(slug, "Not A Slug!"), "statusPages[slug=Not A Slug!].slug", "");
        assertThat(export(aliceKey)).isEqualTo(before);
        assertThat(monitorsOf(bobKey)).isZero();
    }

    @Test
    void aNewItemWhoseSecretIsNotSuppliedIsRefusedNamingTheReference() throws Exception {
        JsonNode error = body(send(aliceKey, "/api/v1/config/apply", document(), Map.of(), false));
        assertThat(error.at("/fields/reactions[name=pager ops].settings.routingKey")
                        .asString())
                .contains("PAGER_OPS_ROUTING_KEY is not supplied", "PAGER_OPS_ROUTING_KEY=value");
        assertThat(monitorsOf(aliceKey)).isZero();

        // an existing item keeps the value it has
        ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        JsonNode plan = ok(send(aliceKey, "/api/v1/config/plan", document(), Map.of(), false));
        assertThat(item(plan, "reaction", "pager ops").get("action").asString()).isEqualTo("UNCHANGED");
    }

    @Test
    void anotherTeamsNamesAreNeitherSeenNorChanged() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", document(), secrets(), false));
        String alices = export(aliceKey);
        String bobs = document().replace(slug, "b" + slug).replace("host: api.internal", "host: bob.internal");
        JsonNode plan = ok(send(bobKey, "/api/v1/config/plan", bobs, secrets(), false));
        assertThat(item(plan, "monitor", "api").get("action").asString()).isEqualTo("CREATE");
        assertThat(plan.at("/counts/notInDocument").asInt()).isZero();
        ok(send(bobKey, "/api/v1/config/apply", bobs, secrets(), true));
        assertThat(export(aliceKey)).isEqualTo(alices);

        JsonNode slugTaken =
                body(send(bobKey, "/api/v1/config/plan", document().replace("dependsOn: [lb]", ""), secrets(), false));
        assertThat(slugTaken.at("/fields/statusPages[slug=" + slug + "].slug").asString())
                .isNotEmpty();
    }

    @Test
    void aReadOnlyKeyExportsAndPlansButCannotApply() throws Exception {
        String readOnly = readOnlyKey();
        assertThat(export(readOnly)).isEqualTo("version: 1\n");
        ok(send(readOnly, "/api/v1/config/plan", document(), secrets(), false));
        MvcResult apply = send(readOnly, "/api/v1/config/apply", document(), secrets(), false);
        assertThat(apply.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(apply).get("code").asString()).isEqualTo("read_only_key");
        assertThat(monitorsOf(aliceKey)).isZero();
    }

    @Test
    void anApplyOfAReviewedPlanIsRefusedWhenTheTeamChangedSince() throws Exception {
        String hash = ok(send(aliceKey, "/api/v1/config/plan", document(), secrets(), false))
                .get("hash")
                .asString();
        createTcpMonitor(aliceKey);
        MvcResult stale = sendWithHash(aliceKey, "/api/v1/config/apply", document(), secrets(), false, hash);
        assertThat(stale.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(stale).get("code").asString()).isEqualTo("plan_stale");
        assertThat(monitorsOf(aliceKey)).isEqualTo(1);

        String fresh = ok(send(aliceKey, "/api/v1/config/plan", document(), secrets(), false))
                .get("hash")
                .asString();
        ok(sendWithHash(aliceKey, "/api/v1/config/apply", document(), secrets(), false, fresh));
        assertThat(monitorsOf(aliceKey)).isEqualTo(3);
    }

    @Test
    void aYamlBodyIsPlannedAndAppliedAndTheAuditLogCountsWithoutSecrets() throws Exception {
        String noSecret = document()
                .replace(
                        "      routingKey: {secret: PAGER_OPS_ROUTING_KEY}\n",
                        "      routingKey: " + ROUTING_KEY + "\n");
        MvcResult plan = mvc.perform(as(aliceKey, post("/api/v1/config/plan"))
                        .contentType(MediaType.parseMediaType("application/yaml"))
                        .content(noSecret))
                .andReturn();
        assertThat(ok(plan).at("/counts/create").asInt()).isEqualTo(6);
        MvcResult applied = mvc.perform(as(aliceKey, post("/api/v1/config/apply"))
                        .contentType(MediaType.parseMediaType("application/yaml"))
                        .content(noSecret))
                .andReturn();
        assertThat(ok(applied).toString()).doesNotContain(ROUTING_KEY);
        assertThat(export(aliceKey)).doesNotContain(ROUTING_KEY);
        String audit = mvc.perform(as(aliceKey, get("/api/v1/audit")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(audit).contains("configuration.applied", "6 created, 0 updated, 0 deleted");
        assertThat(audit).doesNotContain(ROUTING_KEY);
        JsonNode asJson = body(mvc.perform(as(aliceKey, get("/api/v1/config").param("format", "json")))
                .andReturn());
        assertThat(asJson.at("/monitors/0/name").asString()).isEqualTo("api");

        // the document may come as a JSON object too, read by the same rules
        JsonNode objectPlan = ok(mvc.perform(as(aliceKey, post("/api/v1/config/plan"))
                        .content(json.writeValueAsString(Map.of("document", asJson))))
                .andReturn());
        assertThat(objectPlan.at("/counts/unchanged").asInt()).isEqualTo(6);
        assertThat(objectPlan.at("/counts/create").asInt()
                        + objectPlan.at("/counts/update").asInt())
                .isZero();
    }

    /** A reaction with every safety setting away from its default. */
    static final String GUARDED = """
            version: 1
            reactions:
              - name: pager ops
                type: pagerduty
                callOn: FAILED
                triggerCount: 1
                frequencySeconds: 0
                timeoutSeconds: 30
                maxAttempts: 3
                escalationStep: 1
                escalationWaitSeconds: 0
                disruptive: true
                verifyWithinSeconds: 300
                approvalRequired: true
                approvalTimeoutSeconds: 900
                onApprovalTimeout: RUN
                settings:
                  eventsUrl: https://events.pagerduty.com/v2/enqueue
                  routingKey:
                    secret: PAGER_OPS_ROUTING_KEY
                  severity: error
            """;

    @Test
    void aReactionsSafetySettingsTravelWithItIntoAFreshTeam() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", GUARDED, secrets(), false));
        String exported = export(aliceKey);
        assertThat(exported).isEqualTo(GUARDED);

        ok(send(bobKey, "/api/v1/config/apply", exported, secrets(), false));
        assertThat(export(bobKey)).isEqualTo(exported);
        JsonNode reaction = body(mvc.perform(as(bobKey, get("/api/v1/reactions")))
                        .andReturn())
                .get(0);
        assertThat(reaction.toString()).contains("\"approvalRequired\":true", "\"onApprovalTimeout\":\"RUN\"");
    }

    @Test
    void aPlanShowsSafetySettingsOldToNewAndALeftOutOneReturnsToItsDefault() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", GUARDED, secrets(), false));
        String changed = GUARDED.replace("verifyWithinSeconds: 300", "verifyWithinSeconds: 120")
                .replace("    approvalRequired: true\n", "")
                .replace("onApprovalTimeout: RUN", "onApprovalTimeout: SKIP");
        JsonNode plan = ok(send(aliceKey, "/api/v1/config/plan", changed, Map.of(), false));
        assertThat(item(plan, "reaction", "pager ops").get("fields").toString())
                .isEqualTo("[{\"field\":\"approvalRequired\",\"from\":\"true\",\"to\":\"(none)\"},"
                        + "{\"field\":\"onApprovalTimeout\",\"from\":\"RUN\",\"to\":\"(none)\"},"
                        + "{\"field\":\"verifyWithinSeconds\",\"from\":\"300\",\"to\":\"120\"}]");
        assertThat(export(aliceKey)).isEqualTo(GUARDED);

        ok(send(aliceKey, "/api/v1/config/apply", changed, Map.of(), false));
        assertThat(export(aliceKey))
                .contains("verifyWithinSeconds: 120", "approvalTimeoutSeconds: 900", "disruptive: true")
                .doesNotContain("approvalRequired", "onApprovalTimeout");
    }

    @Test
    void aBadSafetySettingIsRefusedNamingTheReactionAndFieldAndChangesNothing() throws Exception {
        ok(send(aliceKey, "/api/v1/config/apply", GUARDED, secrets(), false));
        refused(
                GUARDED.replace("verifyWithinSeconds: 300", "verifyWithinSeconds: 5"),
                "reactions[name=pager ops].verifyWithinSeconds",
                "between 10 and 86400 seconds");
        refused(
                GUARDED.replace("approvalTimeoutSeconds: 900", "approvalTimeoutSeconds: 100000"),
                "reactions[name=pager ops].approvalTimeoutSeconds",
                "between 60 seconds and 86400 seconds");
        refused(
                GUARDED.replace("onApprovalTimeout: RUN", "onApprovalTimeout: MAYBE"),
                "reactions[0].onApprovalTimeout",
                "one of RUN, SKIP");
        refused(
                GUARDED.replace("approvalRequired: true", "approvalRequired: perhaps"),
                "reactions[0].approvalRequired",
                "true or false");
        assertThat(export(aliceKey)).isEqualTo(GUARDED);
    }

    void refused(String document, String field, String words) throws Exception {
        MvcResult result = send(aliceKey, "/api/v1/config/apply", document, secrets(), false);
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(422);
        JsonNode error = body(result);
        assertThat(error.get("code").asString()).isEqualTo("validation_failed");
        assertThat(error.get("fields").properties()).as(error.toString()).anySatisfy(e -> {
            assertThat(e.getKey()).startsWith(field);
            assertThat(e.getValue().asString()).contains(words);
        });
        assertThat(error.toString()).doesNotContain(ROUTING_KEY);
    }

    JsonNode item(JsonNode plan, String kind, String name) {
        for (JsonNode item : plan.get("items")) {
            if (item.get("kind").asString().equals(kind)
                    && item.get("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + plan);
    }

    int monitorsOf(String key) throws Exception {
        return body(mvc.perform(as(key, get("/api/v1/monitors"))).andReturn())
                .get("items")
                .size();
    }

    /** A read-only key of a new person, made on the API keys page. */
    String readOnlyKey() throws Exception {
        String email = "reader-" + UUID.randomUUID() + "@example.com";
        users.save(new io.cloudroutes.store.account.UserAccount(email, "x"));
        return (String)
                mvc.perform(post("/account/api-keys")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(accounts.loadUserByUsername(email)))
                                .param("name", "ci")
                                .param("scope", "READ_ONLY"))
                        .andReturn()
                        .getFlashMap()
                        .get("newKey");
    }
}
