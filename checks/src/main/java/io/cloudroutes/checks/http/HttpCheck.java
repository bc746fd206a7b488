package io.cloudroutes.checks.http;

import com.jayway.jsonpath.InvalidJsonException;
import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Excerpts;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.plugin.HeaderLines;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.core.plugin.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP request with its expectations. The first expectation that fails is reported, in this order: the status
 * code, the keyword, the regular expression, the JSON conditions (in the order written), the maximum response time.
 * The response time is the whole exchange: connecting, every redirect followed, and reading the body (at most 1 MiB).
 * A body that a condition looks into is kept only within the worker's {@link BodyBudget}: a run that finds no room in
 * it before its deadline is not run to its end (UNKNOWN), since the worker's memory says nothing about the target.
 */
final class HttpCheck implements Check {

    /** What a body no condition looks into is read through, and what a kept body of unknown length starts with. */
    private static final int DRAIN_BUFFER_BYTES = 8192;

    /**
     * The part of a page sent without a length that room is reserved for before it is read: most health pages fit, so
     * a worker's checks read them at once on a small budget (the smallest holds 64 such shares, the default 682), and
     * a page that turns out larger grows its reservation as it is read.
     */
    static final int FIRST_SHARE_BYTES = 16 * 1024;

    static final int MAX_REDIRECTS = 10;

    private static final Set<String> CROSS_ORIGIN_DROPPED = Set.of("authorization", "cookie", "proxy-authorization");

    /** The settings of one monitor, read once by {@link #read}. */
    record Config(
            URI url,
            String method,
            byte[] body,
            ContentType bodyType,
            Map<String, String> headers,
            HostOverride hostHeader,
            boolean followRedirects,
            boolean verifyTls,
            StatusCodes expected,
            String keyword,
            boolean keywordPresent,
            Pattern regex,
            boolean regexPresent,
            List<JsonCondition> jsonConditions,
            Long maxResponseMillis) {

        static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

        private static final Pattern MEDIA_TYPE =
                Pattern.compile("^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?$");
        private static final Pattern HOST_AND_PORT = Pattern.compile(
                "^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?"
                        + "|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?$");
        private static final List<String> BODY_CONDITIONS = List.of("keyword", "regex", "jsonConditions");

        /**
         * The configuration of {@link HttpCheckType}'s settings, rejecting what their declared types cannot: an
         * expected status that is not codes and ranges, credentials in the URL, a body on a method without one, a
         * content type that is no media type, headers that other settings own, a Host header that is no host, a
         * regular expression or JSON condition that does not compile, body conditions on a HEAD request.
         */
        static Config read(SettingValues values) {
            // every value as given, before a rejection below makes it read as absent
            String method = values.text("method");
            String body = values.text("body");
            String contentType = values.text("bodyContentType");
            String headers = values.text("headers");
            String hostHeader = values.text("hostHeader");
            String regexText = values.text("regex");
            String conditions = values.text("jsonConditions");
            StatusCodes expected = null;
            if (values.has("expectedStatus")) {
                try {
                    expected = StatusCodes.parse(values.text("expectedStatus"));
                } catch (IllegalArgumentException e) {
                    values.reject("expectedStatus", "Expected status: " + e.getMessage());
                }
            }
            URI url = values.has("url") ? URI.create(values.text("url")) : null;
            if (url != null && url.getUserInfo() != null) {
                values.reject(
                        "url",
                        "URL must not contain a user name or password; send credentials in an Authorization header");
            }
            if (body != null && method != null && !METHODS_WITH_BODY.contains(method)) {
                values.reject(
                        "body",
                        "Request body: " + method + " requests carry no body; choose POST, PUT, PATCH or DELETE,"
                                + " or clear the body");
            }
            if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
                values.reject("bodyContentType", "Body content type must be a media type like application/json");
            }
            Map<String, String> headerLines = HeaderLines.parse(headers);
            String headerProblem = headerProblem(headerLines, body != null);
            if (headerProblem != null) {
                values.reject("headers", "Request headers: " + headerProblem);
            }
            String hostProblem = hostHeader == null ? null : hostProblem(hostHeader);
            if (hostProblem != null) {
                values.reject("hostHeader", hostProblem);
            }
            Pattern regex = null;
            if (regexText != null) {
                try {
                    regex = Pattern.compile(regexText);
                } catch (PatternSyntaxException e) {
                    values.reject(
                            "regex",
                            "Regular expression is not valid: " + e.getDescription()
                                    + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""));
                }
            }
            List<JsonCondition> jsonConditions = List.of();
            try {
                jsonConditions = JsonCondition.parseAll(conditions);
            } catch (IllegalArgumentException e) {
                values.reject("jsonConditions", "JSON conditions: " + e.getMessage());
            }
            if ("HEAD".equals(method)) {
                for (String condition : BODY_CONDITIONS) {
                    if (values.has(condition)) {
                        values.reject(
                                condition,
                                HttpCheckType.label(condition)
                                        + ": HEAD responses have no body; use GET to check the body");
                    }
                }
            }
            if (values.anyRejected()) {
                return null;
            }
            ContentType bodyType = ContentType.parse(contentType);
            Charset charset = bodyType.getCharset() != null ? bodyType.getCharset() : StandardCharsets.UTF_8;
            return new Config(
                    url,
                    method,
                    body == null ? null : body.getBytes(charset),
                    bodyType,
                    headerLines,
                    HostOverride.parse(hostHeader),
                    values.bool("followRedirects"),
                    values.bool("verifyTls"),
                    expected,
                    values.text("keyword"),
                    !"absent".equals(values.text("keywordMode")),
                    regex,
                    !"absent".equals(values.text("regexMode")),
                    jsonConditions,
                    values.number("maxResponseTimeMs"));
        }

        private static String headerProblem(Map<String, String> headers, boolean hasBody) {
            for (String name : headers.keySet()) {
                if (name.equalsIgnoreCase("Host")) {
                    return "set the Host header with the 'Host header' setting, not here";
                }
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                    return name + " is worked out from the request body; remove it";
                }
                if (hasBody && name.equalsIgnoreCase("Content-Type")) {
                    return "the body's Content-Type is set by 'Body content type'; remove it from the headers";
                }
            }
            return null;
        }

        private static String hostProblem(String value) {
            var matcher = HOST_AND_PORT.matcher(value);
            if (!matcher.matches()) {
                return "Host header must be a host name, optionally with a port, e.g. shop.example.com or"
                        + " shop.example.com:8443";
            }
            if (matcher.group(1) != null) {
                int port = Integer.parseInt(matcher.group(1));
                if (port < 1 || port > 65535) {
                    return "Host header: port " + port + " is not between 1 and 65535";
                }
            }
            return null;
        }
    }

    /** The Host header exactly as written, and the host and port it names, for TLS. */
    record HostOverride(String header, String host, int port) {

        static HostOverride parse(String header) {
            if (header == null) {
                return null;
            }
            int colon = header.lastIndexOf(':');
            boolean hasPort = colon > header.lastIndexOf(']');
            String host = hasPort ? header.substring(0, colon) : header;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostOverride(header, host, hasPort ? Integer.parseInt(header.substring(colon + 1)) : -1);
        }
    }

    /** How far one run has got, so that a timeout can say what never happened; read by the waiting thread. */
    static final class Progress {

        enum Phase {
            CONNECTING,
            WAITING,
            WAITING_FOR_ROOM,
            READING,
            CHECKING
        }

        private volatile Phase phase = Phase.CONNECTING;
        private volatile String target;
        private volatile int status;
        private volatile HttpUriRequestBase request;
        private volatile URI redirectedFrom;

        void redirectedFrom(URI previous) {
            redirectedFrom = previous;
        }

        void sending(String hostAndPort, HttpUriRequestBase current) {
            target = hostAndPort;
            request = current;
            phase = Phase.CONNECTING;
        }

        void connected() {
            phase = Phase.WAITING;
        }

        void reading(int code) {
            status = code;
            phase = Phase.READING;
        }

        void waitingForRoom() {
            phase = Phase.WAITING_FOR_ROOM;
        }

        boolean waitingForRoomNow() {
            return phase == Phase.WAITING_FOR_ROOM;
        }

        void checking() {
            phase = Phase.CHECKING;
        }

        void abort() {
            HttpUriRequestBase current = request;
            if (current != null) {
                current.cancel();
            }
        }

        String timeoutReason(Duration timeout) {
            long millis = timeout.toMillis();
            return switch (phase) {
                case CONNECTING -> "no connection to " + target + " within " + millis + " ms";
                case WAITING -> "no response within " + millis + " ms";
                case WAITING_FOR_ROOM -> "no room in the body budget within " + millis + " ms";
                case READING -> "HTTP " + status + " received, but not the whole body within " + millis + " ms";
                case CHECKING -> "checking the response did not finish within " + millis + " ms";
            };
        }
    }

    /** What the last request returned: status, Location, the body read (at most 1 MiB) and how long it all took. */
    private record Answer(
            URI url,
            int status,
            String location,
            String body,
            boolean truncated,
            String contentType,
            int redirects,
            long millis) {}

    /** A run that ends early with a reason (a redirect problem); not an exception users ever see. */
    private static final class Stop extends Exception {
        Stop(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The body budget had no room for the page before the deadline: the run ends without judging the target. */
    private static final class NoRoom extends Exception {
        NoRoom() {
            super("no room in the body budget", null, false, false);
        }
    }

    private final SharedClients clients;
    private final BodyBudget budget;
    private final Config config;

    HttpCheck(SharedClients clients, BodyBudget budget, Config config) {
        this.clients = clients;
        this.budget = budget;
        this.config = config;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        Progress progress = new Progress();
        CompletableFuture<CheckOutcome> outcome = new CompletableFuture<>();
        // The exchange runs on its own virtual thread so that the deadline holds whatever blocks it (a DNS lookup, a
        // connect, a server that trickles its body, a regular expression that backtracks): at the deadline the
        // request is aborted, the thread interrupted, and the reason reported without waiting for either.
        Thread exchange = Thread.ofVirtual().name("http-check").start(() -> {
            try {
                outcome.complete(exchange(timeout, start, progress));
            } catch (RuntimeException | Error e) {
                outcome.complete(CheckOutcome.failed("check failed: " + e, elapsed(start)));
            }
        });
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            progress.abort();
            exchange.interrupt();
            if (progress.waitingForRoomNow()) {
                return CheckOutcome.notRun(budget.refusalReason(timeout.toMillis()), elapsed(start));
            }
            return CheckOutcome.failed(progress.timeoutReason(timeout), elapsed(start));
        } catch (InterruptedException e) {
            progress.abort();
            exchange.interrupt();
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("check interrupted", elapsed(start));
        } catch (ExecutionException e) {
            return CheckOutcome.failed("check failed: " + e.getCause(), elapsed(start));
        }
    }

    private CheckOutcome exchange(Duration timeout, long start, Progress progress) {
        // The kept body's bytes go back to the budget once its conditions are judged, however the run ends.
        try (BodyBudget.Reservation kept = budget.reservation()) {
            Answer answer;
            try {
                answer = follow(timeout, start, progress, kept);
            } catch (Stop stop) {
                return CheckOutcome.failed(stop.getMessage(), elapsed(start));
            } catch (NoRoom noRoom) {
                return CheckOutcome.notRun(budget.refusalReason(timeout.toMillis()), elapsed(start));
            } catch (IOException e) {
                return CheckOutcome.failed(describe(e, progress, timeout), elapsed(start));
            }
            progress.checking();
            try {
                String failure = firstFailure(answer);
                return failure == null
                        ? CheckOutcome.healthy(
                                "HTTP " + answer.status() + " in " + answer.millis() + " ms", answer.millis())
                        : CheckOutcome.failed(failure, answer.millis());
            } catch (DeadlineText.Abandoned e) {
                return CheckOutcome.failed(progress.timeoutReason(timeout), elapsed(start));
            }
        }
    }

    /** Sends the request and follows redirects when asked to, returning the last answer. */
    private Answer follow(Duration timeout, long start, Progress progress, BodyBudget.Reservation kept)
            throws IOException, Stop, NoRoom {
        URI url = config.url();
        String method = config.method();
        byte[] body = config.body();
        Set<URI> visited = new HashSet<>();
        visited.add(url);
        for (int redirects = 0; ; redirects++) {
            HttpUriRequestBase request = request(url, method, body, timeout);
            progress.sending(hostAndPort(url), request);
            HttpClientContext context = HttpClientContext.create();
            context.setAttribute(SharedClients.PROGRESS, progress);
            CloseableHttpClient client = config.verifyTls() ? clients.verifying : clients.acceptingAnyCertificate;
            ClassicHttpResponse response = client.executeOpen(HttpHost.create(url), request, context);
            try {
                int status = response.getCode();
                Header locationHeader = response.getFirstHeader("Location");
                String location = locationHeader == null ? null : locationHeader.getValue();
                boolean redirect = isRedirect(status) && location != null;
                if (!redirect || !config.followRedirects()) {
                    progress.reading(status);
                    if (!readsBody()) {
                        return readThrough(response, url, status, location, redirects, start);
                    }
                    long deadline = start + timeout.toNanos();
                    return keep(response, url, status, location, redirects, start, kept, deadline, progress);
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new Stop(
                            "more than " + MAX_REDIRECTS + " redirects; the last one was to " + shorten(location));
                }
                URI next = resolve(url, location);
                if (!visited.add(next)) {
                    throw new Stop("redirect loop: " + url + " redirects back to " + shorten(next.toString()));
                }
                // As browsers do: 303, and 301/302 after anything but GET or HEAD, continue with a GET without body.
                if (status == 303 && !method.equals("HEAD")
                        || (status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD")) {
                    method = "GET";
                    body = null;
                }
                progress.redirectedFrom(url);
                url = next;
            } finally {
                // Never read past what the check looks at: closing a response would first read the rest of its body
                // (to keep the connection for reuse, which never happens here), however long it is. Aborting the
                // exchange drops the connection at once.
                request.cancel();
                closeQuietly(response);
            }
        }
    }

    private HttpUriRequestBase request(URI url, String method, byte[] body, Duration timeout) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, url);
        request.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setRedirectsEnabled(false)
                .build());
        request.setHeader("User-Agent", "CloudRoutes-Monitor/1");
        boolean sameOrigin = sameOrigin(url, config.url());
        config.headers().forEach((name, value) -> {
            // Credentials stay with the configured site when a redirect leads elsewhere, as curl does.
            if (sameOrigin || !CROSS_ORIGIN_DROPPED.contains(name.toLowerCase())) {
                request.setHeader(name, value);
            }
        });
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, config.bodyType()));
        }
        if (sameOrigin && config.hostHeader() != null) {
            // The authority names the virtual host for TLS (SNI and the certificate name) while the connection goes
            // to the URL's own host; the header is sent exactly as written.
            request.setAuthority(new URIAuthority(
                    config.hostHeader().host(), config.hostHeader().port()));
            request.setHeader("Host", config.hostHeader().header());
        }
        return request;
    }

    /** Whether a condition looks into the body; without one the body is read only to time the whole response. */
    private boolean readsBody() {
        return config.keyword() != null
                || config.regex() != null
                || !config.jsonConditions().isEmpty();
    }

    /**
     * The answer, with the body read as far as a kept one would be (so the response time is the same), but through one
     * small buffer: a worker running hundreds of checks at once then holds kilobytes per check, not the page and its
     * text, and such a check never touches the body budget.
     */
    private static Answer readThrough(
            ClassicHttpResponse response, URI url, int status, String location, int redirects, long start)
            throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Answer(url, status, location, "", false, null, redirects, elapsed(start));
        }
        // The stream is not closed here: follow() drops the connection instead, so that nothing past this is read.
        long length = drain(entity.getContent(), HttpCheckType.MAX_BODY_BYTES + 1);
        return new Answer(
                url,
                status,
                location,
                "",
                length > HttpCheckType.MAX_BODY_BYTES,
                entity.getContentType(),
                redirects,
                elapsed(start));
    }

    /**
     * The answer with the body's first 1 MiB as text, kept within the body budget. Room for the page is reserved
     * before a byte is read, waiting for it until {@code deadline}: for the whole page when it has a Content-Length,
     * else for a {@linkplain #FIRST_SHARE_BYTES first share} that grows with the page. What the text turns out not to
     * need is given back once it is decoded.
     */
    private static Answer keep(
            ClassicHttpResponse response,
            URI url,
            int status,
            String location,
            int redirects,
            long start,
            BodyBudget.Reservation kept,
            long deadline,
            Progress progress)
            throws IOException, NoRoom {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Answer(url, status, location, "", false, null, redirects, elapsed(start));
        }
        String contentType = entity.getContentType();
        ContentType parsed = contentType == null ? null : ContentType.parseLenient(contentType);
        Charset charset = parsed != null && parsed.getCharset() != null ? parsed.getCharset() : StandardCharsets.UTF_8;
        // One byte more than kept tells a body of exactly 1 MiB from a longer one.
        long announced = entity.getContentLength();
        int most = (int)
                (announced < 0
                        ? HttpCheckType.MAX_BODY_BYTES + 1
                        : Math.min(announced, HttpCheckType.MAX_BODY_BYTES + 1));
        // the page bytes (with their text) that the reservation holds room for
        int covered = announced < 0 ? Math.min(FIRST_SHARE_BYTES, most) : most;
        waitForRoom(kept, covered, deadline, progress, status);
        // The stream is not closed here: follow() drops the connection instead, so that nothing past this is read.
        InputStream in = entity.getContent();
        byte[] bytes = announced < 0 ? new byte[Math.min(DRAIN_BUFFER_BYTES, most)] : new byte[most];
        int length = 0;
        for (int n; length < most && (n = in.read(bytes, length, bytes.length - length)) >= 0; ) {
            length += n;
            if (length == bytes.length && length < most) {
                int larger = (int) Math.min(2L * bytes.length, most);
                if (larger > covered) {
                    covered = grow(kept, larger, most, deadline, progress, status);
                }
                // doubling keeps the old and the new array at once: at most twice the new one, within its room
                bytes = Arrays.copyOf(bytes, larger);
            }
        }
        boolean truncated = length > HttpCheckType.MAX_BODY_BYTES;
        String body = new String(bytes, 0, Math.min(length, HttpCheckType.MAX_BODY_BYTES), charset);
        // the bytes are dropped on return: from here the check keeps only the text
        kept.shrinkTo(2L * body.length());
        return new Answer(url, status, location, body, truncated, contentType, redirects, elapsed(start));
    }

    /**
     * Grows the room held to cover {@code page} bytes of the page without waiting; when it is not free now, gives back
     * all it holds (a check must not wait holding room) and waits for the room of the {@code most} it may keep. Returns
     * the page bytes now covered.
     */
    private static int grow(
            BodyBudget.Reservation kept, int page, int most, long deadline, Progress progress, int status)
            throws NoRoom {
        if (kept.tryGrowTo(BodyBudget.keptFor(page))) {
            return page;
        }
        kept.close();
        waitForRoom(kept, most, deadline, progress, status);
        return most;
    }

    /** Reserves room for {@code page} bytes of the page in an empty reservation, waiting for it until the deadline. */
    private static void waitForRoom(BodyBudget.Reservation kept, int page, long deadline, Progress progress, int status)
            throws NoRoom {
        progress.waitingForRoom();
        if (!kept.reserve(BodyBudget.keptFor(page), deadline)) {
            throw new NoRoom();
        }
        progress.reading(status);
    }

    /** Reads and drops up to {@code most} bytes; returns how many there were. */
    private static long drain(InputStream in, long most) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER_BYTES];
        long read = 0;
        int n;
        while (read < most && (n = in.read(buffer, 0, (int) Math.min(buffer.length, most - read))) >= 0) {
            read += n;
        }
        return read;
    }

    private String firstFailure(Answer answer) {
        if (!config.expected().accepts(answer.status())) {
            return "expected status " + config.expected().text() + " but got " + answer.status()
                    + statusContext(answer);
        }
        String where = answer.truncated() ? "the first 1 MiB of the response" : "the response";
        if (config.keyword() != null) {
            boolean found = answer.body().contains(config.keyword());
            if (config.keywordPresent() && !found) {
                return "keyword '" + config.keyword() + "' not found in " + where;
            }
            if (!config.keywordPresent() && found) {
                return "keyword '" + config.keyword() + "' found in the response but must be absent";
            }
        }
        if (config.regex() != null) {
            Matcher matcher = config.regex().matcher(new DeadlineText(answer.body()));
            boolean found = matcher.find();
            if (config.regexPresent() && !found) {
                return "regular expression '" + config.regex().pattern() + "' does not match " + where;
            }
            if (!config.regexPresent() && found) {
                return "regular expression '" + config.regex().pattern() + "' matches '" + shorten(matcher.group())
                        + "' in the response but must not match";
            }
        }
        String jsonFailure = jsonFailure(answer);
        if (jsonFailure != null) {
            return jsonFailure;
        }
        if (config.maxResponseMillis() != null && answer.millis() > config.maxResponseMillis()) {
            return "response took " + answer.millis() + " ms, more than the maximum " + config.maxResponseMillis()
                    + " ms";
        }
        return null;
    }

    private String jsonFailure(Answer answer) {
        if (config.jsonConditions().isEmpty()) {
            return null;
        }
        Object document;
        try {
            document = JsonCondition.JSON.jsonProvider().parse(answer.body());
        } catch (InvalidJsonException e) {
            String why = answer.truncated()
                    ? " (only its first 1 MiB was read)"
                    : answer.contentType() == null ? "" : " (Content-Type " + answer.contentType() + ")";
            return "JSON condition '" + config.jsonConditions().getFirst().text() + "' failed: response is not JSON"
                    + why;
        }
        for (JsonCondition condition : config.jsonConditions()) {
            String failure = condition.failure(document);
            if (failure != null) {
                return "JSON condition '" + condition.text() + "' failed: " + failure;
            }
        }
        return null;
    }

    private static String statusContext(Answer answer) {
        StringBuilder context = new StringBuilder();
        if (isRedirect(answer.status()) && answer.location() != null) {
            context.append(" (redirect to ").append(shorten(answer.location())).append(')');
        }
        if (answer.redirects() > 0) {
            context.append(" at ")
                    .append(answer.url())
                    .append(" after ")
                    .append(answer.redirects())
                    .append(answer.redirects() == 1 ? " redirect" : " redirects");
        }
        return context.toString();
    }

    private String describe(IOException error, Progress progress, Duration timeout) {
        String target = progress.target;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EgressRefusedException refused) {
                URI from = progress.redirectedFrom;
                return refused.getMessage() + (from == null ? "" : " (a redirect from " + from + " led there)");
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TlsTrust.CertificateRefused refused) {
                return "TLS handshake failed: " + refused.getMessage();
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException
                    || cause instanceof SSLException && progress.phase == Progress.Phase.CONNECTING) {
                return "TLS handshake with " + target + " failed: " + cause.getMessage();
            }
            if (cause instanceof InterruptedIOException) {
                // Connect and read timeouts, and an exchange aborted at the deadline.
                return progress.timeoutReason(timeout);
            }
            if (cause instanceof NoHttpResponseException) {
                return "connection closed by " + target + " without a response";
            }
            if (cause instanceof HttpException) {
                return "invalid HTTP response from " + target + ": " + shorten(String.valueOf(cause.getMessage()));
            }
        }
        if (progress.phase == Progress.Phase.READING) {
            return "HTTP " + progress.status + " received, but reading the body failed: " + error.getMessage();
        }
        int colon = target.lastIndexOf(':');
        return Failures.describe(error, target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }

    private static URI resolve(URI current, String location) throws Stop {
        URI next;
        try {
            next = current.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new Stop("redirect to an invalid location '" + shorten(location) + "'");
        }
        String scheme = next.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || next.getHost() == null) {
            throw new Stop("redirect to an unsupported location '" + shorten(location) + "'");
        }
        return next;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String hostAndPort(URI url) {
        return url.getHost() + ":" + port(url);
    }

    private static String shorten(String text) {
        return Excerpts.cut(text, 80);
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection was dropped on purpose; what the check needed is already read
        }
    }
}
