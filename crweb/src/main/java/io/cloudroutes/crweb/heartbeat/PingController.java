package io.cloudroutes.crweb.heartbeat;

import io.cloudroutes.checks.heartbeat.HeartbeatCheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.crweb.limit.BodyTooLargeException;
import io.cloudroutes.crweb.limit.BoundedBody;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.cloudroutes.crweb.push.Delivery;
import io.cloudroutes.crweb.push.DeliveryExcerpt;
import io.cloudroutes.crweb.push.DeliveryLog;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * Receives heartbeat pings, as Healthchecks.io does: {@code /ping/{secret}} reports success, {@code /ping/{secret}/fail}
 * a failure, {@code /ping/{secret}/{exit-code}} the exit code of the job (0 success, 1-255 failure). The secret in the
 * path is the monitor's push secret and the only credential. A POST body (e.g. the tail of the job's log) is kept in
 * the result's reason, up to {@value #MAX_BODY_BYTES} bytes; a body over the pushed body limit
 * ({@code cloudroutes.limits.pushed-body}) is refused with 413 before more of it is read. Every ping with a valid
 * secret, answered or refused, is kept in the monitor's delivery log.
 *
 * <p>Each ping becomes a {@link CheckResult} appended to the durable results stream before the answer, so an
 * {@code OK} is never lost; when Redis cannot take it the answer is 503 and the pinger's retry brings it again. The
 * actioner folds the result and, after a success, sets the deadline of the next ping.
 */
@RestController
class PingController {

    private static final Logger log = LoggerFactory.getLogger(PingController.class);

    static final int MAX_BODY_BYTES = 10 * 1024;

    // Longer than the longest period plus grace a heartbeat may have, so the time outlives any deadline it explains.
    private static final long LAST_PING_TTL_SECONDS = 400L * 24 * 3600;
    private static final String APPEND_PING = """
            redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
            return 'OK'
            """;

    private final MonitorRepository monitors;
    private final LiveRedis redis;
    private final Clock clock;
    private final DeliveryLog deliveries;
    private final long limitBytes;

    PingController(
            MonitorRepository monitors, LiveRedis redis, Clock clock, DeliveryLog deliveries, RequestLimits limits) {
        this.monitors = monitors;
        this.redis = redis;
        this.clock = clock;
        this.deliveries = deliveries;
        this.limitBytes = limits.pushedBody().toBytes();
    }

    @RequestMapping(
            path = "/ping/{secret}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<?> success(@PathVariable String secret, HttpServletRequest request) {
        return record(secret, "success", Status.HEALTHY, "ping received", request);
    }

    @RequestMapping(
            path = "/ping/{secret}/fail",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<?> failure(@PathVariable String secret, HttpServletRequest request) {
        return record(secret, "fail", Status.FAILED, "ping reported failure", request);
    }

    @RequestMapping(
            path = "/ping/{secret}/{exitCode:\\d{1,9}}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<?> exitCode(@PathVariable String secret, @PathVariable int exitCode, HttpServletRequest request) {
        Status status = exitCode > 255 ? null : exitCode == 0 ? Status.HEALTHY : Status.FAILED;
        return record(secret, "exit code " + exitCode, status, "exit code " + exitCode, request);
    }

    /** Records the ping; {@code status} is null for a ping that cannot be understood (an exit code above 255). */
    private ResponseEntity<?> record(
            String secret, String kind, Status status, String reason, HttpServletRequest request) {
        Optional<Monitor> found = monitors.findByPushSecretHash(SecretTokens.hash(secret))
                .filter(m -> HeartbeatCheckType.ID.equals(m.getCheckType()));
        if (found.isEmpty()) {
            // The same answer for a wrong secret and for a secret of another type: it reveals nothing.
            return text(HttpStatus.NOT_FOUND, "not found");
        }
        Monitor monitor = found.get();
        Ping ping = new Ping(monitor.getId(), kind, request.getRemoteAddr());
        if (status == null) {
            return ping.answer(HttpStatus.BAD_REQUEST, DeliveryOutcome.REFUSED, "exit code must be between 0 and 255");
        }
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
            RedisCommands<String, String> commands = redis.connection().sync();
            // The ping's time by Redis' clock, which the actioners compare its deadline with: a crweb whose own clock
            // is off moves no deadline.
            long pingedAt = RedisTime.of(commands.time()).toEpochMilli();
            CheckResult result = CheckResult.pinged(
                    monitor.getId(), status, body.isEmpty() ? reason : reason + ": " + body, pingedAt);
            // The result and the time of the ping in one step: the actioner reads the time to tell a ping it has not
            // folded yet from a missed one, so that a backlog never fails a job that did ping.
            commands.eval(
                    APPEND_PING,
                    ScriptOutputType.STATUS,
                    new String[] {RedisKeys.RESULTS_STREAM, RedisKeys.heartbeatLastPing(monitor.getId())},
                    RedisKeys.RESULTS_STREAM_FIELD,
                    MessageCodec.toJson(result),
                    String.valueOf(result.checkedAtMillis()),
                    String.valueOf(LAST_PING_TTL_SECONDS));
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

    /** One ping on its way to the monitor's delivery log. */
    private final class Ping {

        private final long monitorId;
        private final String kind;
        private final String sender;
        private String excerpt;

        Ping(long monitorId, String kind, String sender) {
            this.monitorId = monitorId;
            this.kind = kind;
            this.sender = sender;
        }

        Delivery delivery(HttpStatus status, DeliveryOutcome outcome, String detail) {
            return new Delivery(clock.instant(), outcome, status.value(), detail, kind, excerpt, sender);
        }

        /** Logs the ping and answers {@code text}. */
        ResponseEntity<?> answer(HttpStatus status, DeliveryOutcome outcome, String text) {
            deliveries.record(monitorId, delivery(status, outcome, text));
            return text(status, text);
        }

        ResponseEntity<?> refuse(BodyTooLargeException e) {
            deliveries.record(
                    monitorId,
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
