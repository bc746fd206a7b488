package io.cloudroutes.reactions.digitalocean;

import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.HttpCalls;
import io.cloudroutes.reactions.support.TransitionText;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Posts one droplet action and follows it (GET /v2/actions/{id}) until it is completed or errored. When the run's
 * deadline comes first the run counts as EXECUTED, saying the action is still in progress: DigitalOcean has accepted
 * it and carries it out, and running the reaction again would only reboot the droplet a second time.
 */
final class DigitalOceanReaction implements Reaction {

    private final URI api;
    private final long dropletId;
    private final String action;
    private final String token;
    private final ReactionHttp http;
    private final Duration pollInterval;

    DigitalOceanReaction(DropletAction droplet, ReactionHttp http, Duration pollInterval) {
        this.api = droplet.api();
        this.dropletId = droplet.dropletId();
        this.action = droplet.action();
        this.token = droplet.token();
        this.http = http;
        this.pollInterval = pollInterval;
    }

    /** The droplet action as DigitalOcean returns it; other fields are ignored. */
    record Action(long id, String status, String type) {}

    record ActionAnswer(Action action) {}

    /** The API's error body, e.g. {"id":"not_found","message":"The resource you were accessing could not be found."}. */
    record ApiError(String id, String message) {}

    private URI actionsUri() {
        return URI.create(api + "/v2/droplets/" + dropletId + "/actions");
    }

    private String body() {
        return "{\"type\":\"" + action + "\"}";
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = actionsUri();
        ReactionHttp.Answer response;
        try {
            Map<String, String> headers = headers();
            headers.put("Content-Type", "application/json");
            response = http.exchange(new ReactionHttp.Request("POST", uri, headers, body()), timeout);
        } catch (TimeoutException e) {
            return ReactionResult.retryable("no answer from POST " + uri + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            EgressRefusedException refused = HttpCalls.refusal(e);
            if (refused != null) {
                return ReactionResult.failed("could not POST to " + uri + ": " + refused.getMessage());
            }
            return ReactionResult.retryable("could not POST to " + uri + ": " + HttpCalls.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReactionResult.failed("interrupted while posting to " + uri);
        }
        if (response.status() != 201 && response.status() != 200) {
            return refused("POST " + uri, response);
        }
        Action started = answer(response);
        if (started == null) {
            return ReactionResult.failed("POST " + uri + " answered HTTP " + response.status() + " without an action: "
                    + TransitionText.excerpt(response.body(), 500));
        }
        String accepted = "POST " + uri + " " + body() + " → HTTP " + response.status() + ", action " + started.id()
                + " (" + started.type() + ") " + started.status() + "\n";
        return follow(started, accepted, deadline, timeout);
    }

    private ReactionResult follow(Action started, String accepted, long deadline, Duration timeout) {
        URI uri = URI.create(api + "/v2/actions/" + started.id());
        Action current = started;
        while ("in-progress".equals(current.status())) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.compareTo(pollInterval) <= 0) {
                return stillInProgress(accepted, current, timeout);
            }
            try {
                Thread.sleep(pollInterval);
                ReactionHttp.Answer response =
                        http.exchange(new ReactionHttp.Request("GET", uri, headers(), null), left.minus(pollInterval));
                Action seen = response.status() == 200 ? answer(response) : null;
                if (seen == null) {
                    return ReactionResult.executed(accepted + "could not follow action " + current.id() + ": GET "
                            + uri + " answered HTTP " + response.status() + " "
                            + TransitionText.excerpt(response.body(), 300));
                }
                current = seen;
            } catch (TimeoutException e) {
                return stillInProgress(accepted, current, timeout);
            } catch (IOException e) {
                return ReactionResult.executed(accepted + "could not follow action " + current.id() + ": GET " + uri
                        + ": " + HttpCalls.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ReactionResult.executed(accepted + "interrupted while following action " + current.id());
            }
        }
        return switch (current.status()) {
            case "completed" ->
                ReactionResult.executed(accepted + "action " + current.id() + " completed: droplet " + dropletId + " "
                        + (action.equals("reboot") ? "rebooted" : "power-cycled"));
            case "errored" ->
                ReactionResult.failed(accepted + "action " + current.id() + " errored: DigitalOcean "
                        + "could not " + action.replace('_', ' ') + " droplet " + dropletId
                        + "; see the droplet's history in the control panel");
            default -> ReactionResult.executed(accepted + "action " + current.id() + " is " + current.status());
        };
    }

    private static ReactionResult stillInProgress(String accepted, Action current, Duration timeout) {
        return ReactionResult.executed(accepted + "action " + current.id() + " was still in-progress when the run's "
                + "deadline of " + timeout.toMillis() + " ms came; DigitalOcean carries it out");
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "CloudRoutes-DigitalOcean/1");
        return headers;
    }

    private ReactionResult refused(String request, ReactionHttp.Answer response) {
        int status = response.status();
        ApiError error = response.truncated() ? null : error(response.body());
        String answer = request + " " + body() + " → HTTP " + status
                + (error == null
                        ? " " + TransitionText.excerpt(response.body(), 500)
                        : " " + TransitionText.excerpt(error.id() + ": " + error.message(), 500));
        String hint = switch (status) {
            case 401 -> "\nDigitalOcean refused the API token: check it is valid and has write access";
            case 403 -> "\nThe API token may read but not act on droplets: give it write access";
            case 404 -> "\nNo droplet " + dropletId + " in the token's account";
            default -> "";
        };
        return status == 429 || status >= 500
                ? ReactionResult.retryable(answer + hint)
                : ReactionResult.failed(answer + hint);
    }

    /** The action in a whole answer; null for anything else, including an answer longer than the client reads. */
    private static Action answer(ReactionHttp.Answer response) {
        if (response.truncated()) {
            return null;
        }
        try {
            ActionAnswer answer = MessageCodec.fromJson(response.body(), ActionAnswer.class);
            return answer.action() == null || answer.action().status() == null ? null : answer.action();
        } catch (MessageCodec.MalformedMessageException e) {
            return null;
        }
    }

    private static ApiError error(String json) {
        try {
            ApiError error = MessageCodec.fromJson(json, ApiError.class);
            return error.id() == null && error.message() == null ? null : error;
        } catch (MessageCodec.MalformedMessageException e) {
            return null;
        }
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return Optional.of("POST " + actionsUri() + "\n"
                + "Authorization: Bearer ****\n"
                + "Content-Type: application/json\n\n"
                + body() + "\n\n"
                + "then every " + pollInterval.toSeconds() + " s until the action is completed or errored (within "
                + "the run's deadline):\nGET " + api + "/v2/actions/<action id>\nAuthorization: Bearer ****");
    }
}
