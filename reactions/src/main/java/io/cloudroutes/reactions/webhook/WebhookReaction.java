package io.cloudroutes.reactions.webhook;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.RequestText;
import io.cloudroutes.reactions.support.Templates;
import io.cloudroutes.reactions.support.TransitionText;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One request (POST, PUT or PATCH) per run with the default JSON body or the user's template; 2xx is success. */
final class WebhookReaction implements Reaction {

    /**
     * @param bodyTemplate the compiled body template, or null for the default JSON body
     * @param headers      the user's headers, sent after (and so replacing) the defaults
     */
    record Config(URI url, String method, String contentType, Template bodyTemplate, Map<String, String> headers) {}

    private final Config config;
    private final ReactionHttp http;
    private final String publicUrl;

    WebhookReaction(Config config, ReactionHttp http, String publicUrl) {
        this.config = config;
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** The default body; field names are part of the public contract (docs/reactions/webhook.md). */
    static String defaultBody(StatusChanged change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("monitorId", change.monitorId());
        body.put("monitorName", change.monitorName());
        body.put("from", change.from().name());
        body.put("to", change.to().name());
        body.put("reason", change.reason());
        body.put("zone", change.zone());
        body.put("at", TransitionText.time(change));
        body.put("heldFor", change.heldFor());
        return MessageCodec.toJson(body);
    }

    private String body(StatusChanged change) {
        return config.bodyTemplate() == null
                ? defaultBody(change)
                : Templates.render(config.bodyTemplate(), change, publicUrl);
    }

    private Map<String, String> headers(String runKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", config.contentType());
        headers.put("User-Agent", "CloudRoutes-Webhook/1");
        if (runKey != null) {
            headers.put(IDEMPOTENCY_HEADER, runKey);
        }
        config.headers().forEach((name, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        return headers;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        return run(change, timeout, null);
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout, String runKey) {
        String body;
        try {
            body = body(change);
        } catch (IllegalArgumentException e) {
            return ReactionResult.failed("could not fill the body template: " + e.getMessage());
        }
        ReactionHttp.Request request = new ReactionHttp.Request(config.method(), config.url(), headers(runKey), body);
        HttpCalls.Attempt attempt =
                HttpCalls.send(http, request, timeout, config.url().toString());
        if (!attempt.answered()) {
            return attempt.unanswered();
        }
        String answer = attempt.describe(config.url().toString());
        return attempt.status() / 100 == 2
                ? ReactionResult.executed(answer)
                : HttpCalls.statusFailure(attempt.status(), answer);
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        try {
            return Optional.of(RequestText.of(
                    config.method(),
                    config.url().toString(),
                    headers(null),
                    config.headers().keySet(),
                    body(change)));
        } catch (IllegalArgumentException e) {
            return Optional.of("could not fill the body template: " + e.getMessage());
        }
    }
}
