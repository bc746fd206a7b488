package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.httprequest.HttpRequestReactionType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpRequestReactionTest {

    private final HttpRequestReactionType type = new HttpRequestReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout api",
            Status.HEALTHY,
            Status.FAILED,
            "got 503 & \"maintenance\"",
            "eu-west",
            1_700_000_000_000L,
            2);
    private final RecordingServer server = new RecordingServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Reaction reaction(String... pairs) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    @Test
    void postsTheFilledTemplatesToTheFilledUrl() {
        server.answer("/hook/", 200, "application/json", "{\"return\":[{\"jid\":\"20231114\"}]}");
        ReactionResult result = reaction(
                        "method",
                        "POST",
                        "url",
                        server.url("/hook/{{monitorId}}?monitor={{monitorName}}&reason={{reason}}"),
                        "headers",
                        "X-Auth-Token: s3cret\nX-Monitor: {{monitorName}} is {{to}}",
                        "bodyTemplate",
                        "{\"tgt\": \"web*\", \"fun\": \"service.restart\", \"arg\": [\"{{reason}}\"]}")
                .run(failure, Duration.ofSeconds(5));
        String url = server.url("/hook/12?monitor=checkout%20api&reason=got%20503%20%26%20%22maintenance%22");
        assertThat(result)
                .isEqualTo(ReactionResult.executed("HTTP 200 from " + url + "\n{\"return\":[{\"jid\":\"20231114\"}]}"));
        RecordingServer.Received request = server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery())
                .isEqualTo("/hook/12?monitor=checkout%20api&reason=got%20503%20%26%20%22maintenance%22");
        assertThat(request.header("X-Auth-Token")).isEqualTo("s3cret");
        assertThat(request.header("X-Monitor")).isEqualTo("checkout api is FAILED");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("CloudRoutes-HttpRequest/1");
        assertThat(request.body())
                .isEqualTo(
                        "{\"tgt\": \"web*\", \"fun\": \"service.restart\", \"arg\": [\"got 503 & \\\"maintenance\\\"\"]}");
    }

    @Test
    void sendsTheRunsKeySoThatAReceiverActsOnceOnARunMadeAgainUnlessTheUserSetsTheHeader() {
        server.answer("/hook", 200, null, "");
        server.answer("/own", 200, null, "");
        reaction("method", "POST", "url", server.url("/hook")).run(failure, Duration.ofSeconds(5), "cloudroutes-run-7");
        reaction("method", "POST", "url", server.url("/hook")).run(failure, Duration.ofSeconds(5), "cloudroutes-run-7");
        reaction("method", "POST", "url", server.url("/own"), "headers", "Idempotency-Key: {{monitorId}}-{{to}}")
                .run(failure, Duration.ofSeconds(5), "cloudroutes-run-8");
        reaction("method", "POST", "url", server.url("/hook")).run(failure, Duration.ofSeconds(5));

        assertThat(server.received())
                .extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("cloudroutes-run-7", "cloudroutes-run-7", "12-FAILED", null);
    }

    @Test
    void sendsAGetOrDeleteOrHeadWithoutABody() {
        server.answer("/jobs", 204, null, "");
        reaction("url", server.url("/jobs?zone={{zone}}")).run(failure, Duration.ofSeconds(5));
        reaction("method", "DELETE", "url", server.url("/jobs/{{monitorId}}")).run(failure, Duration.ofSeconds(5));
        reaction("method", "HEAD", "url", server.url("/jobs")).run(failure, Duration.ofSeconds(5));
        assertThat(server.received())
                .extracting(
                        RecordingServer.Received::method,
                        RecordingServer.Received::pathAndQuery,
                        RecordingServer.Received::body)
                .containsExactly(
                        tuple("GET", "/jobs?zone=eu-west", ""),
                        tuple("DELETE", "/jobs/12", ""),
                        tuple("HEAD", "/jobs", ""));
        assertThat(server.received())
                .allSatisfy(r -> assertThat(r.header("Content-Type")).isNull());
    }

    @Test
    void judgesTheStatusByTheSuccessRanges() {
        server.answer("/gone", 404, "text/plain", "no such job").answer("/moved", 302, "text/plain", "");
        assertThat(reaction("url", server.url("/gone"), "successStatus", "200-299,404")
                        .run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.executed("HTTP 404 from " + server.url("/gone") + "\nno such job"));
        assertThat(reaction("url", server.url("/gone")).run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.failed(
                        "expected status 200-299 but got HTTP 404 from " + server.url("/gone") + "\nno such job"));
        assertThat(reaction("url", server.url("/moved")).run(failure, Duration.ofSeconds(5)))
                .isEqualTo(
                        ReactionResult.failed("expected status 200-299 but got HTTP 302 from " + server.url("/moved")));
    }

    @Test
    void keepsOnlyTheFirst500CharactersOfTheAnswer() {
        server.answer("/long", 200, "text/plain", "x".repeat(800));
        assertThat(reaction("url", server.url("/long"))
                        .run(failure, Duration.ofSeconds(5))
                        .output())
                .isEqualTo("HTTP 200 from " + server.url("/long") + "\n" + "x".repeat(500) + "… (300 more characters)");
    }

    @Test
    void throttlingServerErrorsRefusalsAndTimeoutsAreRetryable() throws IOException {
        server.answer("/busy", 429, "text/plain", "later")
                .answer("/down", 500, "text/plain", "boom")
                .hang("/slow");
        assertThat(reaction("url", server.url("/busy")).run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.retryable(
                        "expected status 200-299 but got HTTP 429 from " + server.url("/busy") + "\nlater"));
        assertThat(reaction("url", server.url("/down")).run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.retryable(
                        "expected status 200-299 but got HTTP 500 from " + server.url("/down") + "\nboom"));
        assertThat(reaction("url", server.url("/slow")).run(failure, Duration.ofMillis(300)))
                .isEqualTo(ReactionResult.retryable("no answer from " + server.url("/slow") + " within 300 ms"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult refused =
                reaction("url", "http://127.0.0.1:" + closed + "/x").run(failure, Duration.ofSeconds(5));
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.output()).startsWith("could not GET to http://127.0.0.1:" + closed + "/x: ");
    }

    @Test
    void dryRunShowsTheFilledRequestWithEveryTypedHeaderMaskedSinceTheHeadersAreSecret() {
        String dryRun = reaction(
                        "method",
                        "PUT",
                        "url",
                        "https://salt.example.com/run/{{monitorId}}",
                        "headers",
                        "X-Auth-Token: s3cret\nAuthorization: Basic dXNlcjpwYXNz\nX-Zone: {{zone}}",
                        "contentType",
                        "text/plain",
                        "bodyTemplate",
                        "{{monitorName}}: {{reason}}")
                .dryRun(failure)
                .orElseThrow();
        assertThat(dryRun).isEqualTo("""
                PUT https://salt.example.com/run/12
                Content-Type: text/plain
                User-Agent: CloudRoutes-HttpRequest/1
                X-Auth-Token: ****
                Authorization: Basic ****
                X-Zone: ****

                checkout api: got 503 & "maintenance\"""");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void rejectsBadUrlsTemplatesStatusRangesAndBodiesWithoutAMethodForThem() {
        assertThat(type.validate(Map.of())).containsEntry("url", "URL is required");
        assertThat(type.validate(Map.of("url", "ftp://files.example.com/{{monitorId}}")))
                .containsExactly(
                        Map.entry(
                                "url",
                                "URL: must be an absolute http:// or https:// URL with a host, e.g. https://salt.example.com/hook/{{monitorId}}"));
        assertThat(type.validate(Map.of("url", "https://x.example.com/{{monitor}}"))
                        .get("url"))
                .startsWith("URL: line 1: no variable 'monitor'; use one of monitorId");
        assertThat(type.validate(Map.of("url", "https://x.example.com", "successStatus", "200-700")))
                .containsExactly(
                        Map.entry("successStatus", "Success status: '200-700': status codes are between 100 and 599"));
        assertThat(type.validate(Map.of("url", "https://x.example.com", "bodyTemplate", "{{monitorName}}")))
                .containsExactly(Map.entry(
                        "bodyTemplate",
                        "Body template: a GET request has no body; choose POST,"
                                + " PUT, PATCH or DELETE, or leave the body empty"));
        assertThat(type.validate(Map.of(
                                "url",
                                "https://x.example.com",
                                "method",
                                "POST",
                                "bodyTemplate",
                                "{\n{{#isFailed}}\n\"down\"\n"))
                        .get("bodyTemplate"))
                .startsWith("Body template: line ");
        assertThat(type.validate(Map.of("url", "https://x.example.com", "headers", "Host: other.example.com")))
                .containsExactly(Map.entry(
                        "headers", "Headers: Host: the Host header is set by CloudRoutes itself and cannot be given"));
        assertThat(type.validate(Map.of("url", "https://x.example.com", "headers", "X-M: {{name}}"))
                        .get("headers"))
                .startsWith("Headers: X-M: line 1: no variable 'name'");
    }
}
