package io.cloudroutes.reactions;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.GuardedConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client the reactions of a process share. Every connection goes through the egress guard (the guard looks
 * the host up once and the connection goes to the address it checked). It speaks HTTP/1.1 on every URL (no
 * {@code Upgrade: h2c} on plain http, which some receivers reject), follows no redirect (a 3xx is an answer the
 * reaction judges, and a reaction never sends its request, secrets included, somewhere its settings do not name), keeps
 * no cookies and no connections, and reads at most {@link #MAX_ANSWER_BYTES} of an answer: the rest is never read, the
 * connection is dropped instead.
 */
public final class ReactionHttp implements AutoCloseable {

    /** The most of an answer's body that is read; a reaction's output keeps much less of it. */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** A request as a reaction sends it; the headers in order, the body (UTF-8) or null for none. */
    public record Request(String method, URI url, Map<String, String> headers, String body) {

        public Request {
            headers = new LinkedHashMap<>(headers);
        }
    }

    /**
     * What came back.
     *
     * @param body      the first {@link #MAX_ANSWER_BYTES} of the body, decoded by its charset (UTF-8 unless it says)
     * @param truncated whether the body was longer and the rest was left unread
     */
    public record Answer(int status, String body, boolean truncated) {}

    private final Egress egress;
    private final CloseableHttpClient client;

    private ReactionHttp(Egress egress, CloseableHttpClient client) {
        this.egress = egress;
        this.client = client;
    }

    /** A client whose every connection goes through {@code egress}. */
    public static ReactionHttp through(Egress egress) {
        CloseableHttpClient client = HttpClientBuilder.create()
                .setConnectionManager(GuardedConnections.through(egress)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(10, TimeUnit.SECONDS)
                                .build())
                        // one request per run and no reuse: the pool only tracks open connections
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(10_000)
                        .setMaxConnPerRoute(10_000)
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .build();
        return new ReactionHttp(egress, client);
    }

    /** The guard this client connects through. */
    public Egress egress() {
        return egress;
    }

    /**
     * Sends {@code request} and reads its answer, all within {@code timeout} (a server that trickles its answer does not
     * hold a run past it).
     *
     * @throws TimeoutException when the whole answer did not come within the timeout
     * @throws IOException      when there was no answer: refused by the egress policy
     *                          ({@link io.cloudroutes.core.egress.EgressRefusedException}), unknown host, refused, TLS
     */
    public Answer exchange(Request request, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.url());
        http.setVersion(HttpVersion.HTTP_1_1);
        http.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setRedirectsEnabled(false)
                .build());
        request.headers().forEach(http::setHeader);
        if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body().getBytes(StandardCharsets.UTF_8), null));
        }
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("reaction-http").start(() -> {
            try {
                answer.complete(execute(http));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            http.cancel();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException) {
                // the client's own read timeout (the same timeout) came first: the same as no answer in time
                throw new TimeoutException(cause.getMessage());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    private Answer execute(HttpUriRequestBase http) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, http, null);
        try {
            HttpEntity entity = response.getEntity();
            byte[] bytes = new byte[0];
            Charset charset = StandardCharsets.UTF_8;
            if (entity != null) {
                ContentType type =
                        entity.getContentType() == null ? null : ContentType.parseLenient(entity.getContentType());
                if (type != null && type.getCharset() != null) {
                    charset = type.getCharset();
                }
                // One byte more than kept tells a body of exactly the limit from a longer one. The stream is not
                // closed: closing would read the rest; the exchange is aborted below instead.
                InputStream in = entity.getContent();
                bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            boolean truncated = bytes.length > MAX_ANSWER_BYTES;
            return new Answer(
                    response.getCode(),
                    new String(bytes, 0, Math.min(bytes.length, MAX_ANSWER_BYTES), charset),
                    truncated);
        } finally {
            http.cancel();
            try {
                response.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection was dropped on purpose; the answer is read
            }
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
