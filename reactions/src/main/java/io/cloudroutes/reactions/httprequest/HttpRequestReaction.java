package io.cloudroutes.reactions.httprequest;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.StatusCodes;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.RequestText;
import io.cloudroutes.reactions.support.Templates;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Sends one request built from the templates per run; a status in the success ranges is success. */
final class HttpRequestReaction implements Reaction {

    /**
     * @param body    the compiled body template, or null to send no body
     * @param success the statuses that count as success
     */
    record Config(
            String method,
            Template url,
            Map<String, Template> headers,
            String contentType,
            Template body,
            StatusCodes success) {}

    /** The request filled in for one change. */
    private record Filled(URI url, Map<String, String> headers, String body) {}

    private final Config config;
    private final ReactionHttp http;
    private final String publicUrl;

    HttpRequestReaction(Config config, ReactionHttp http, String publicUrl) {
        this.config = config;
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** Throws IllegalArgumentException saying what could not be filled in. */
    private Filled fill(StatusChanged change, String runKey) {
        String url = Templates.render(config.url(), change, publicUrl);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the URL template gave " + url + ", which is not a valid URL", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String body = config.body() == null ? null : Templates.render(config.body(), change, publicUrl);
        if (body != null) {
            headers.put("Content-Type", config.contentType());
        }
        headers.put("User-Agent", "CloudRoutes-HttpRequest/1");
        if (runKey != null) {
            headers.put(IDEMPOTENCY_HEADER, runKey);
        }
        config.headers().forEach((name, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, Templates.render(value, change, publicUrl));
        });
        return new Filled(uri, headers, body);
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        return run(change, timeout, null);
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout, String runKey) {
        Filled filled;
        try {
            filled = fill(change, runKey);
        } catch (IllegalArgumentException e) {
            return ReactionResult.failed("could not fill in the request: " + e.getMessage());
        }
        ReactionHttp.Request request =
                new ReactionHttp.Request(config.method(), filled.url(), filled.headers(), filled.body());
        HttpCalls.Attempt attempt =
                HttpCalls.send(http, request, timeout, filled.url().toString());
        if (!attempt.answered()) {
            return attempt.unanswered();
        }
        String answer = attempt.describe(filled.url().toString());
        if (config.success().accepts(attempt.status())) {
            return ReactionResult.executed(answer);
        }
        return HttpCalls.statusFailure(
                attempt.status(), "expected status " + config.success().text() + " but got " + answer);
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        try {
            Filled filled = fill(change, null);
            return Optional.of(RequestText.of(
                    config.method(),
                    filled.url().toString(),
                    filled.headers(),
                    config.headers().keySet(),
                    filled.body()));
        } catch (IllegalArgumentException e) {
            return Optional.of("could not fill in the request: " + e.getMessage());
        }
    }
}
