package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.cloudroutes.core.zmq.ZmqSecurity;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.crbridge.system.ZmqProperties;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Receives workers' results on a ZeroMQ ROUTER socket and appends each to the durable results stream, which every
 * actioner folds from through their shared consumer group ({@link ResultStream}); it acknowledges a result to its
 * worker only once the stream holds it ({@link ResultProtocol}). A result this actioner cannot append (Redis away) is
 * not acknowledged, so the worker sends it again, to this actioner or another; one this actioner appended but dies
 * before folding is claimed from the stream by another.
 */
@Component
class ResultSocket implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultSocket.class);
    /** The socket's name in logs and in {@code cloudroutes_zmq_peers_refused_total{socket}}. */
    static final String SOCKET_NAME = "results";
    /** Appends waiting for Redis at most; past it a result is left unacknowledged, for its worker to send again. */
    private static final int MAX_APPENDING = 10_000;

    /** A result the stream holds, whose worker is to be told so. */
    private record Appended(byte[] worker, String resultId) {}

    private final RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;
    private final ConcurrentLinkedQueue<Appended> appended = new ConcurrentLinkedQueue<>();
    private final AtomicInteger appending = new AtomicInteger();
    private final AtomicBoolean appendFailing = new AtomicBoolean();
    private final String bindAddress;
    private final ZmqSecurity security;
    private final MeterRegistry meters;
    private PlaneSockets plane;
    private final CountDownLatch bound = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> bindFailure = new AtomicReference<>();
    private ZContext context;
    private Thread loop;
    private volatile boolean running;

    ResultSocket(RedisClient redisClient, CrbridgeProperties properties, ZmqProperties zmq, MeterRegistry meters) {
        this.redisClient = redisClient;
        this.bindAddress = properties.results().bindAddress();
        // checked at start, so that an actioner without its key never listens
        this.security = zmq.security();
        this.meters = meters;
    }

    @Override
    public void start() {
        // Its own connection: appends are pipelined, and their replies come back on Lettuce's threads.
        redis = redisClient.connect();
        context = new ZContext();
        plane = new PlaneSockets(context, security);
        running = true;
        loop = Thread.ofPlatform().name("crbridge-results").start(this::run);
        try {
            bound.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bindFailure.get() != null) {
            throw bindFailure.get();
        }
    }

    private void run() {
        ZMQ.Socket socket;
        try {
            socket = context.createSocket(SocketType.ROUTER);
            socket.setLinger(0);
            // short: acknowledgements of appended results are sent between receives
            socket.setReceiveTimeOut(10);
            // only workers with an admitted key may send results
            plane.serve(socket, SOCKET_NAME, security.workerPublicKeys());
            socket.bind(bindAddress);
            log.info("actioner receiving results at {}", bindAddress);
        } catch (RuntimeException e) {
            bindFailure.set(new IllegalStateException(
                    "actioner cannot bind its results socket " + bindAddress
                            + " (CLOUDROUTES_RESULTS_BIND / CLOUDROUTES_RESULTS_ENDPOINT): " + e.getMessage(),
                    e));
            bound.countDown();
            return;
        }
        plane.bindMetrics(meters);
        bound.countDown();
        while (running) {
            ZMsg message;
            try {
                message = ZMsg.recvMsg(socket);
                if (message != null) {
                    append(message);
                }
                acknowledgeAppended(socket);
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("results socket error error={}", e.toString());
            }
        }
    }

    /** Appends {@code [worker identity, result]} to the stream; its acknowledgement waits for Redis's reply. */
    private void append(ZMsg message) {
        byte[] worker = message.pop().getData();
        ZFrame payload = message.pop();
        message.destroy();
        CheckResult result;
        try {
            result = MessageCodec.fromBytes(payload == null ? new byte[0] : payload.getData(), CheckResult.class);
        } catch (MessageCodec.MalformedMessageException e) {
            log.warn("dropping malformed result error={}", e.getMessage());
            return;
        }
        if (result == null || result.resultId() == null) {
            log.warn("dropping a result without an id");
            return;
        }
        if (appending.get() >= MAX_APPENDING) {
            return; // Redis is not keeping up or away: the worker keeps the result and sends it again
        }
        appending.incrementAndGet();
        redis.async()
                .xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)))
                .whenComplete((id, error) -> {
                    appending.decrementAndGet();
                    if (error == null) {
                        appended.add(new Appended(worker, result.resultId()));
                        if (appendFailing.compareAndSet(true, false)) {
                            log.info("results are appended to the stream again");
                        }
                    } else if (appendFailing.compareAndSet(false, true)) {
                        // not acknowledged: the worker sends it again
                        log.warn(
                                "cannot append results to the stream, workers will send them again error={}",
                                error.toString());
                    }
                });
    }

    /** Tells each worker which of its results the stream now holds. A worker gone meanwhile is skipped by ROUTER. */
    private void acknowledgeAppended(ZMQ.Socket socket) {
        Appended done;
        while ((done = appended.poll()) != null) {
            socket.sendMore(done.worker());
            socket.sendMore(ResultProtocol.ACK);
            socket.send(done.resultId(), ZMQ.DONTWAIT);
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plane.close();
        context.close();
        redis.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
