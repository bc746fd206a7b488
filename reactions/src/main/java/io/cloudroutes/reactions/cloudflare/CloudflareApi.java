package io.cloudroutes.reactions.cloudflare;

import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.TransitionText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The three calls of the Cloudflare v4 DNS records API this reaction makes, each within the run's deadline. */
final class CloudflareApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CloudflareConfig config;
    private final ReactionHttp http;

    CloudflareApi(CloudflareConfig config, ReactionHttp http) {
        this.config = config;
        this.http = http;
    }

    /** A call that did not succeed; carries the result the run ends with. */
    static final class Failure extends Exception {
        private final transient ReactionResult result;

        Failure(ReactionResult result) {
            super(result.output(), null, false, false);
            this.result = result;
        }

        ReactionResult result() {
            return result;
        }
    }

    String recordsPath() {
        return "/zones/" + config.zoneId() + "/dns_records";
    }

    String listPath() {
        return recordsPath() + "?type=" + config.recordType() + "&name="
                + URLEncoder.encode(config.recordName(), StandardCharsets.UTF_8);
    }

    URI url(String path) {
        return URI.create(config.apiBaseUrl() + path);
    }

    /** The JSON body of the record created on HEALTHY. */
    String createBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", config.recordType());
        body.put("name", config.recordName());
        body.put("content", config.failedContent());
        body.put("ttl", config.ttl());
        body.put("proxied", config.proxied());
        return JSON.writeValueAsString(body);
    }

    /** The records of the configured name and type. */
    List<DnsRecord> list(Instant deadline) throws Failure {
        JsonNode result = call("GET", listPath(), null, deadline);
        List<DnsRecord> records = new ArrayList<>();
        for (JsonNode record : result) {
            records.add(record(record));
        }
        return records;
    }

    void delete(String id, Instant deadline) throws Failure {
        call("DELETE", recordsPath() + "/" + id, null, deadline);
    }

    DnsRecord create(Instant deadline) throws Failure {
        return record(call("POST", recordsPath(), createBody(), deadline));
    }

    private static DnsRecord record(JsonNode node) {
        return new DnsRecord(
                node.path("id").asString(""),
                node.path("name").asString(""),
                node.path("type").asString(""),
                node.path("content").asString(""),
                node.path("ttl").asInt(1),
                node.path("proxied").asBoolean(false));
    }

    /** The "result" of a successful call; a {@link Failure} saying what was asked and answered otherwise. */
    private JsonNode call(String method, String path, String body, Instant deadline) throws Failure {
        String asked = method + " " + url(path);
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new Failure(ReactionResult.retryable("ran out of time before " + asked));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + config.apiToken());
        headers.put("User-Agent", "CloudRoutes-Cloudflare/1");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        ReactionHttp.Answer response;
        try {
            response = http.exchange(new ReactionHttp.Request(method, url(path), headers, body), left);
        } catch (TimeoutException e) {
            throw new Failure(ReactionResult.retryable("no answer to " + asked + " within " + left.toMillis() + " ms"));
        } catch (IOException e) {
            EgressRefusedException refused = HttpCalls.refusal(e);
            if (refused != null) {
                throw new Failure(
                        ReactionResult.failed("could not reach Cloudflare for " + asked + ": " + refused.getMessage()));
            }
            throw new Failure(
                    ReactionResult.retryable("could not reach Cloudflare for " + asked + ": " + HttpCalls.describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(ReactionResult.retryable("interrupted during " + asked));
        }
        int status = response.status();
        JsonNode answer;
        try {
            // an answer longer than the client reads is cut short, and so is no JSON to act on
            answer = response.truncated() ? null : JSON.readTree(response.body());
        } catch (JacksonException e) {
            answer = null;
        }
        if (status / 100 == 2 && answer != null && answer.path("success").asBoolean(false)) {
            return answer.path("result");
        }
        String said = answer == null ? TransitionText.excerpt(response.body(), 300) : errors(answer);
        String text = "Cloudflare answered HTTP " + status + " to " + asked + ": " + said;
        if (status == 429 || status / 100 == 5) {
            throw new Failure(ReactionResult.retryable(text));
        }
        boolean authentication = status == 401 || status == 403 || hasCode(answer, 10000) || hasCode(answer, 9109);
        throw new Failure(ReactionResult.failed(text
                + (authentication ? "; check the API token and that it may edit DNS in zone " + config.zoneId() : "")));
    }

    /** Whether Cloudflare listed this error code (10000 authentication error, 9109 invalid access token). */
    private static boolean hasCode(JsonNode answer, int code) {
        if (answer == null) {
            return false;
        }
        for (JsonNode error : answer.path("errors")) {
            if (error.path("code").asInt(0) == code) {
                return true;
            }
        }
        return false;
    }

    /** "code message" of each error, as Cloudflare lists them. */
    private static String errors(JsonNode answer) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : answer.path("errors")) {
            errors.add(error.path("code").asString("") + " "
                    + error.path("message").asString(""));
        }
        return TransitionText.excerpt(errors.isEmpty() ? answer.toString() : String.join("; ", errors), 300);
    }
}
