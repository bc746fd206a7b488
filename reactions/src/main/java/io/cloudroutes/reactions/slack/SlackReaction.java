package io.cloudroutes.reactions.slack;

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

/**
 * Posts {@code {"text": …}} to a Slack incoming webhook and reads Slack's plain-text answer ("ok", or an error code
 * such as invalid_payload or no_service).
 */
final class SlackReaction implements Reaction {

    /** What Slack's error codes mean for the user, and what to do about them. */
    private static final Map<String, String> ERRORS = Map.of(
            "invalid_payload", "Slack could not read the message; check the template",
            "no_text", "the message is empty; check the template",
            "too_many_attachments", "the message is too large",
            "invalid_token", "the webhook URL is no longer valid; create a new incoming webhook",
            "action_prohibited", "a Slack admin restricted posting to this channel",
            "no_service", "the webhook is disabled, removed or mistyped; create a new incoming webhook",
            "no_service_id", "the webhook URL is incomplete; copy it again from Slack",
            "no_team", "the Slack workspace of this webhook no longer exists",
            "channel_not_found", "the webhook's channel no longer exists; create a new incoming webhook",
            "channel_is_archived", "the webhook's channel is archived; unarchive it or create a new incoming webhook");

    /**
     * A slack reaction's settings, read.
     *
     * @param webhookUrl the incoming webhook's URL, which is the credential
     * @param template   the compiled message template
     */
    record Config(URI webhookUrl, Template template) {

        @Override
        public String toString() {
            return "Config[" + masked(webhookUrl) + "]";
        }
    }

    private final URI url;
    private final String shownUrl;
    private final Template template;
    private final ReactionHttp http;
    private final String publicUrl;

    SlackReaction(Config config, ReactionHttp http, String publicUrl) {
        this.url = config.webhookUrl();
        this.shownUrl = masked(url);
        this.template = config.template();
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** The webhook URL without its path, which is the credential: https://hooks.slack.com/**** */
    static String masked(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + "/" + RequestText.MASK;
    }

    private String body(StatusChanged change) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("text", Templates.render(template, change, publicUrl));
        return MessageCodec.toJson(body);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "CloudRoutes-Slack/1");
        return headers;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        String body;
        try {
            body = body(change);
        } catch (IllegalArgumentException e) {
            return ReactionResult.failed("could not fill the message template: " + e.getMessage());
        }
        HttpCalls.Attempt attempt =
                HttpCalls.send(http, new ReactionHttp.Request("POST", url, headers(), body), timeout, shownUrl);
        if (!attempt.answered()) {
            return attempt.unanswered();
        }
        String answer = attempt.body().strip();
        if (attempt.status() == 200) {
            return ReactionResult.executed("Slack accepted the message (HTTP 200 "
                    + TransitionText.excerpt(answer, HttpCalls.EXCERPT) + ")\n" + body);
        }
        String meaning = ERRORS.get(answer);
        String output = "Slack answered HTTP " + attempt.status() + " from " + shownUrl + ": "
                + (meaning == null ? TransitionText.excerpt(answer, HttpCalls.EXCERPT) : answer + " (" + meaning + ")");
        return HttpCalls.statusFailure(attempt.status(), output);
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        try {
            return Optional.of(RequestText.of("POST", shownUrl, headers(), body(change)));
        } catch (IllegalArgumentException e) {
            return Optional.of("could not fill the message template: " + e.getMessage());
        }
    }
}
