package io.cloudroutes.reactions.support;

import io.cloudroutes.reactions.ReactionResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends one HTTP request within a hard deadline and sorts what went wrong into retryable (timeout, refused, 408, 429,
 * 5xx) and final failures, with the same words for every HTTP reaction.
 */
public final class HttpCalls {

    /** How much of an answer's body a result keeps. */
    public static final int EXCERPT = 500;

    private HttpCalls() {
    }

    /**
     * What came back: an answer, or the failed result when there was none.
     *
     * @param status     the HTTP status, or 0 without an answer
     * @param body       the answer's body ("" without an answer)
     * @param unanswered the result when no answer came (timeout, refused, TLS); null when answered
     */
    public record Attempt(int status, String body, ReactionResult unanswered) {

        public boolean answered() {
            return unanswered == null;
        }

        /** "HTTP 503 from URL" and the first {@link #EXCERPT} characters of the body. */
        public String describe(String shownUrl) {
            return "HTTP " + status + " from " + shownUrl + (body.isEmpty() ? "" : "\n" + TransitionText.excerpt(body, EXCERPT));
        }
    }

    /**
     * Sends {@code request} and waits at most {@code timeout} for the whole answer.
     *
     * @param shownUrl the URL as results may show it (masked where the URL itself is a secret)
     */
    public static Attempt send(HttpClient client, HttpRequest request, Duration timeout, String shownUrl) {
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Attempt(response.statusCode(), response.body() == null ? "" : response.body(), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Attempt(0, "", timedOut(shownUrl, timeout));
        } catch (ExecutionException e) {
            return new Attempt(0, "", unanswered(request.method(), shownUrl, timeout, e.getCause()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt(0, "", ReactionResult.retryable("interrupted while sending " + request.method() + " "
                    + shownUrl));
        }
    }

    /** Headers Java's HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** Null when a request may carry this header, otherwise why not (for settings validation). */
    public static String headerProblem(String name) {
        return RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                ? "the " + name + " header is set by CloudRoutes itself and cannot be given" : null;
    }

    /** Whether a status is worth trying again a little later: 408, 429 and 5xx. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** A failed result for an unwanted status: retryable when {@link #retryableStatus} says so. */
    public static ReactionResult statusFailure(int status, String output) {
        return retryableStatus(status) ? ReactionResult.retryable(output) : ReactionResult.failed(output);
    }

    private static ReactionResult timedOut(String shownUrl, Duration timeout) {
        return ReactionResult.retryable("no answer from " + shownUrl + " within " + timeout.toMillis() + " ms");
    }

    private static ReactionResult unanswered(String method, String shownUrl, Duration timeout, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return timedOut(shownUrl, timeout);
        }
        String text = "could not " + method + " to " + shownUrl + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        if (cause instanceof SSLException) {
            // a certificate or protocol mismatch fails the same way until someone changes the server or the URL
            return ReactionResult.failed(text);
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return ReactionResult.retryable(text);
        }
        return ReactionResult.failed(text);
    }
}
