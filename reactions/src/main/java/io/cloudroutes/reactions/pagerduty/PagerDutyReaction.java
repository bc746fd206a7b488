package io.cloudroutes.reactions.pagerduty;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.RequestText;
import io.cloudroutes.reactions.support.TransitionText;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a trigger event on FAILED and a resolve event on HEALTHY, both under one dedup key per monitor, so a retried or
 * repeated trigger adds to the open incident instead of opening another and the resolve closes that incident.
 */
final class PagerDutyReaction implements Reaction {

    /** PagerDuty cuts a longer summary. */
    private static final int SUMMARY_LIMIT = 1024;

    record Config(URI eventsUrl, String routingKey, String severity) {}

    /** PagerDuty's answer: {"status":"success","dedup_key":…} or {"status":"invalid event","message":…,"errors":[…]}. */
    record Answer(String status, String message, List<String> errors) {}

    private final Config config;
    private final ReactionHttp http;
    private final String publicUrl;

    PagerDutyReaction(Config config, ReactionHttp http, String publicUrl) {
        this.config = config;
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** The same for every event about a monitor, whichever reaction or retry sends it. */
    static String dedupKey(StatusChanged change) {
        return "cloudroutes-monitor-" + change.monitorId();
    }

    private static String action(StatusChanged change) {
        return change.to() == Status.FAILED ? "trigger" : "resolve";
    }

    private String body(StatusChanged change, String routingKey) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", action(change));
        event.put("dedup_key", dedupKey(change));
        if (change.to() == Status.FAILED) {
            String link = TransitionText.monitorLink(publicUrl, change);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", change.reason());
            details.put("zone", change.zone());
            details.put("link", link);
            Map<String, Object> payload = new LinkedHashMap<>();
            String summary = change.monitorName() + " is FAILED: " + change.reason();
            payload.put(
                    "summary",
                    summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…");
            payload.put("source", change.monitorName());
            payload.put("severity", config.severity());
            payload.put("timestamp", TransitionText.time(change));
            payload.put("custom_details", details);
            event.put("payload", payload);
            Map<String, String> monitorLink = new LinkedHashMap<>();
            monitorLink.put("href", link);
            monitorLink.put("text", "Monitor in CloudRoutes");
            event.put("links", List.of(monitorLink));
            event.put("client", "CloudRoutes");
            event.put("client_url", link);
        }
        return MessageCodec.toJson(event);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "CloudRoutes-PagerDuty/1");
        return headers;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        if (change.to() == Status.UNKNOWN) {
            return ReactionResult.skipped("no PagerDuty event for a change to UNKNOWN");
        }
        ReactionHttp.Request request =
                new ReactionHttp.Request("POST", config.eventsUrl(), headers(), body(change, config.routingKey()));
        String shownUrl = config.eventsUrl().toString();
        HttpCalls.Attempt attempt = HttpCalls.send(http, request, timeout, shownUrl);
        if (!attempt.answered()) {
            return attempt.unanswered();
        }
        Answer answer = parse(attempt.body());
        String what = action(change) + " of " + dedupKey(change);
        if (attempt.status() / 100 == 2 && answer != null && "success".equals(answer.status())) {
            return ReactionResult.executed("PagerDuty accepted the " + what
                    + (change.to() == Status.FAILED ? " (severity " + config.severity() + ")" : "") + ": HTTP "
                    + attempt.status()
                    + (answer.message() == null
                            ? ""
                            : " " + TransitionText.excerpt(answer.message(), HttpCalls.EXCERPT)));
        }
        if (attempt.status() == 400 && answer != null) {
            return ReactionResult.failed("PagerDuty rejected the " + what + ": HTTP 400 "
                    + TransitionText.excerpt(
                            answer.status() + ": " + answer.message()
                                    + (answer.errors() == null
                                                    || answer.errors().isEmpty()
                                            ? ""
                                            : " (" + String.join("; ", answer.errors()) + ")"),
                            HttpCalls.EXCERPT));
        }
        if (attempt.status() == 429) {
            return ReactionResult.retryable("PagerDuty is throttling events for this integration (HTTP 429); the "
                    + what + " will be tried again");
        }
        return HttpCalls.statusFailure(
                attempt.status(), "unexpected answer to the " + what + ": " + attempt.describe(shownUrl));
    }

    private static Answer parse(String body) {
        try {
            return MessageCodec.fromJson(body, Answer.class);
        } catch (MessageCodec.MalformedMessageException e) {
            return null;
        }
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        if (change.to() == Status.UNKNOWN) {
            return Optional.of("no PagerDuty event for a change to UNKNOWN");
        }
        return Optional.of(
                RequestText.of("POST", config.eventsUrl().toString(), headers(), body(change, RequestText.MASK)));
    }
}
