package io.cloudroutes.crweb.ping;

import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.checks.push.Pings;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.crweb.limit.BodyTooLargeException;
import io.cloudroutes.crweb.limit.BoundedBody;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.cloudroutes.crweb.push.Delivery;
import io.cloudroutes.crweb.push.DeliveryExcerpt;
import io.cloudroutes.crweb.push.DeliveryLog;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import io.cloudroutes.crweb.push.PushRoutes;
import io.cloudroutes.crweb.push.PushedMonitors;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import io.lettuce.core.RedisException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives the pings of every check type with a {@link Pings} route (heartbeats): {@code /ping/{secret}} and
 * {@code /ping/{secret}/{value}}, by GET, HEAD or POST. The secret in the path is the monitor's push secret and the
 * only credential; the monitor's type reads what the ping says. A POST body (e.g. the tail of the job's log) is kept in
 * the result's reason, up to {@value #MAX_BODY_BYTES} bytes; a body over the pushed body limit
 * ({@code cloudroutes.limits.pushed-body}) is refused with 413 before more of it is read. Every ping with a valid
 * secret, answered or refused, is kept in the monitor's delivery log.
 *
 * <p>Each ping becomes a {@link CheckResult} appended to the durable results stream before the answer, so an
 * {@code OK} is never lost; when Redis cannot take it the answer is 503 and the pinger's retry brings it again. The
 * actioner folds the result and, for a heartbeat, sets the deadline of the next ping after a success.
 */
@RestController
class PingController {

    private static final Logger log = LoggerFactory.getLogger(PingController.class);

    static final int MAX_BODY_BYTES = 10 * 1024;

    private final PushedMonitors monitors;
    private final PushRoutes routes;
    private final PingLog pings;
    private final Clock clock;
    private final DeliveryLog deliveries;
    private final long limitBytes;

    PingController(
            PushedMonitors monitors,
            PushRoutes routes,
            PingLog pings,
            Clock clock,
            DeliveryLog deliveries,
            RequestLimits limits) {
        this.monitors = monitors;
        this.routes = routes;
        this.pings = pings;
        this.clock = clock;
        this.deliveries = deliveries;
        this.limitBytes = limits.pushedBody().toBytes();
    }

    @Requires(Permission.PUBLIC)
    @RequestMapping(
            path = PushRoute.PINGS + "{secret}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<?> ping(@PathVariable String secret, HttpServletRequest request) {
        return record(secret, null, request);
    }

    @Requires(Permission.PUBLIC)
    @RequestMapping(
            path = PushRoute.PINGS + "{secret}/{value}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<?> ping(@PathVariable String secret, @PathVariable String value, HttpServletRequest request) {
        return record(secret, value, request);
    }

    /** Records the ping; {@code value} is the path segment after the secret, null when there is none. */
    private ResponseEntity<?> record(String secret, String value, HttpServletRequest request) {
        Optional<Monitor> found = monitors.bySecret(secret);
        Optional<PushRoutes.Owned<Pings>> route = found.flatMap(monitor -> routes.pings(monitor.getCheckType()));
        if (route.isEmpty()) {
            // The same answer for a wrong secret and for a secret of a type without pings: it reveals nothing.
            return text(HttpStatus.NOT_FOUND, "not found");
        }
        Monitor monitor = found.get();
        Ping ping = new Ping(monitor, value, request.getRemoteAddr());
        PushVerdict verdict;
        try {
            verdict = route.get().route().reader().read(ping);
        } catch (PayloadException e) {
            return ping.answer(HttpStatus.BAD_REQUEST, DeliveryOutcome.REFUSED, e.getMessage());
        }
        if (!(verdict instanceof PushVerdict.Record record)) {
            // Only a result can be pinged; anything else is a URL the type does not serve.
            return text(HttpStatus.NOT_FOUND, "not found");
        }
        Status status = record.status();
        String reason = record.reason();
        String body;
        try {
            body = body(request, limitBytes);
        } catch (BodyTooLargeException e) {
            return ping.refuse(e);
        } catch (IOException e) {
            return ping.answer(
                    HttpStatus.BAD_REQUEST,
                    DeliveryOutcome.REFUSED,
                    "could not read the request body: " + e.getMessage());
        }
        ping.excerpt = DeliveryExcerpt.of(body);
        if (!monitor.isEnabled()) {
            // A paused monitor ignores its job; the job must not fail because monitoring is paused.
            log.info("ping ignored: monitor disabled monitor={}", monitor.getId());
            return ping.answer(HttpStatus.OK, DeliveryOutcome.IGNORED, "OK (monitor disabled: ping ignored)");
        }
        try {
            pings.append(monitor.getId(), status, body.isEmpty() ? reason : reason + ": " + body);
        } catch (RedisException e) {
            log.warn("ping not recorded: Redis unavailable monitor={} error={}", monitor.getId(), e.toString());
            deliveries.record(
                    monitor.getId(),
                    ping.delivery(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            DeliveryOutcome.REFUSED,
                            "ping not recorded: storage unavailable, retry later"));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "10")
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("ping not recorded: storage unavailable, retry later");
        }
        log.debug("ping recorded monitor={} status={}", monitor.getId(), status);
        deliveries.record(
                monitor.getId(), ping.delivery(HttpStatus.OK, DeliveryOutcome.ACCEPTED, status + ": " + reason));
        return text(HttpStatus.OK, "OK");
    }

    /** One ping, as the monitor's type reads it, on its way to the monitor's delivery log. */
    private final class Ping implements PushDelivery {

        private final Monitor monitor;
        private final String value;
        private final String sender;
        private String kind;
        private String excerpt;

        Ping(Monitor monitor, String value, String sender) {
            this.monitor = monitor;
            this.value = value;
            this.sender = sender;
        }

        @Override
        public long monitorId() {
            return monitor.getId();
        }

        @Override
        public Map<String, String> settings() {
            return monitor.getSettings();
        }

        @Override
        public JsonPayload payload() {
            return JsonPayload.empty();
        }

        @Override
        public String pathValue() {
            return value;
        }

        @Override
        public String query(String name) {
            return null;
        }

        @Override
        public void reported(String what) {
            kind = what;
        }

        Delivery delivery(HttpStatus status, DeliveryOutcome outcome, String detail) {
            return new Delivery(clock.instant(), outcome, status.value(), detail, kind, excerpt, sender);
        }

        /** Logs the ping and answers {@code text}. */
        ResponseEntity<?> answer(HttpStatus status, DeliveryOutcome outcome, String text) {
            deliveries.record(monitor.getId(), delivery(status, outcome, text));
            return text(status, text);
        }

        ResponseEntity<?> refuse(BodyTooLargeException e) {
            deliveries.record(
                    monitor.getId(),
                    delivery(
                            HttpStatus.CONTENT_TOO_LARGE,
                            DeliveryOutcome.REFUSED,
                            e.toApiError().code() + ": " + e.getMessage()));
            // Tomcat closes the connection after a 413: the rest of the body is never read.
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(e.toApiError());
        }
    }

    /**
     * The first {@value #MAX_BODY_BYTES} bytes of a POST body as text; a longer body is cut and says so. A body over
     * {@code limitBytes} is refused with {@link BodyTooLargeException} before more of it is read.
     */
    static String body(HttpServletRequest request, long limitBytes) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            return "";
        }
        byte[] bytes = BoundedBody.read(request, limitBytes);
        boolean cut = bytes.length > MAX_BODY_BYTES;
        String text = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_BODY_BYTES)))
                .toString()
                .strip();
        return cut ? text + " … (cut at " + MAX_BODY_BYTES + " bytes)" : text;
    }

    private static ResponseEntity<String> text(HttpStatus status, String text) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
    }
}
