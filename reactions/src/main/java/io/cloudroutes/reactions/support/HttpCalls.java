package io.cloudroutes.reactions.support;

import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.reactions.ReactionHttp;
import io.cloudroutes.reactions.ReactionResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.HttpHostConnectException;

/**
 * Sends one HTTP request within a hard deadline and sorts what went wrong into retryable (timeout, refused, 408, 429,
 * 5xx) and final failures, with the same words for every HTTP reaction.
 */
public final class HttpCalls {

    /** How much of an answer's body a result keeps. */
    public static final int EXCERPT = 500;

    private HttpCalls() {}

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
            return "HTTP " + status + " from " + shownUrl
                    + (body.isEmpty() ? "" : "\n" + TransitionText.excerpt(body, EXCERPT));
        }
    }

    /**
     * Sends {@code request} through {@code http} (the egress guard, HTTP/1.1, no redirects) and waits at most
     * {@code timeout} for the whole answer, of which at most {@link ReactionHttp#MAX_ANSWER_BYTES} is read.
     *
     * @param shownUrl the URL as results may show it (masked where the URL itself is a secret)
     */
    public static Attempt send(ReactionHttp http, ReactionHttp.Request request, Duration timeout, String shownUrl) {
        try {
            ReactionHttp.Answer answer = http.exchange(request, timeout);
            return new Attempt(answer.status(), answer.body(), null);
        } catch (TimeoutException e) {
            return new Attempt(0, "", timedOut(shownUrl, timeout));
        } catch (IOException e) {
            return new Attempt(0, "", unanswered(request.method(), shownUrl, timeout, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(
                    0, "", ReactionResult.retryable("interrupted while sending " + request.method() + " " + shownUrl));
        }
    }

    /**
     * The egress guard's refusal among the causes of {@code error}, or null: a refusal is final (only the operator can
     * change the policy), so a reaction reports it as FAILED, not as worth retrying.
     */
    public static EgressRefusedException refusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EgressRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * "ConnectException Connection refused": the failure's type and message, without the wrapper Apache HttpClient puts
     * around a failed connect (its message repeats the URL the result already shows).
     */
    public static String describe(IOException error) {
        String message = error.getMessage();
        if (error instanceof HttpHostConnectException && message != null && message.contains("failed: ")) {
            // "Connect to http://host:port failed: Connection refused"
            return "ConnectException " + message.substring(message.lastIndexOf("failed: ") + "failed: ".length());
        }
        return error.getClass().getSimpleName() + (message == null ? "" : " " + TransitionText.excerpt(message, 300));
    }

    /** Headers CloudRoutes sets itself (from the body, the URL, the connection) and refuses from users. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** Null when a request may carry this header, otherwise why not (for settings validation). */
    public static String headerProblem(String name) {
        return RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                ? "the " + name + " header is set by CloudRoutes itself and cannot be given"
                : null;
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

    /**
     * Why a request got no answer: refused by the egress policy (final: only the operator can change that), a TLS
     * mismatch (final until someone changes the server or the URL), anything else on the way (retryable).
     */
    public static ReactionResult unanswered(String method, String shownUrl, Duration timeout, IOException cause) {
        EgressRefusedException refused = refusal(cause);
        if (refused != null) {
            return ReactionResult.failed("could not " + method + " to " + shownUrl + ": " + refused.getMessage());
        }
        if (cause instanceof SocketTimeoutException) {
            return timedOut(shownUrl, timeout);
        }
        String text = "could not " + method + " to " + shownUrl + ": " + describe(cause);
        if (cause instanceof SSLException) {
            return ReactionResult.failed(text);
        }
        return ReactionResult.retryable(text);
    }
}
