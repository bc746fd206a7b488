package io.cloudroutes.reactions.webhook;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.support.TransitionText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON POST per run; 2xx is success. */
final class WebhookReaction implements Reaction {

    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient client;

    WebhookReaction(URI url, Map<String, String> headers, HttpClient client) {
        this.url = url;
        this.headers = headers;
        this.client = client;
    }

    /** The body the receiver gets; field names are part of the public contract (docs/reactions.md). */
    static String body(StatusChanged change) {
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

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "CloudRoutes-Webhook/1")
                .POST(HttpRequest.BodyPublishers.ofString(body(change)));
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String answer = "HTTP " + response.statusCode() + " from " + url + "\n"
                    + TransitionText.excerpt(response.body(), 500);
            return response.statusCode() / 100 == 2 ? ReactionResult.executed(answer) : ReactionResult.failed(answer);
        } catch (HttpTimeoutException e) {
            return ReactionResult.failed("no answer from " + url + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return ReactionResult.failed("could not POST to " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReactionResult.failed("interrupted while posting to " + url);
        }
    }
}
