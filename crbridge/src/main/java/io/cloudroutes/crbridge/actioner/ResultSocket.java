package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.log.LogContext;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ZmqSecurity;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.crbridge.system.ZmqProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Receives workers' results on a ZeroMQ PULL socket and processes them in arrival order, on one thread. */
@Component
class ResultSocket implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultSocket.class);
    /** The socket's name in logs and in {@code cloudroutes_zmq_peers_refused_total{socket}}. */
    static final String SOCKET_NAME = "results";

    private final ResultProcessor processor;
    private final String bindAddress;
    private final ZmqSecurity security;
    private final MeterRegistry meters;
    private PlaneSockets plane;
    private final CountDownLatch bound = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> bindFailure = new AtomicReference<>();
    private ZContext context;
    private Thread loop;
    private volatile boolean running;

    ResultSocket(ResultProcessor processor, CrbridgeProperties properties, ZmqProperties zmq, MeterRegistry meters) {
        this.processor = processor;
        this.bindAddress = properties.results().bindAddress();
        // checked at start, so that an actioner without its key never listens
        this.security = zmq.security();
        this.meters = meters;
    }

    @Override
    public void start() {
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
            socket = context.createSocket(SocketType.PULL);
            socket.setLinger(0);
            socket.setReceiveTimeOut(200);
            socket.setRcvHWM(100_000);
            // only workers with an admitted key may push results
            plane.serve(socket, SOCKET_NAME, security.workerPublicKeys());
            socket.bind(bindAddress);
            log.info("actioner receiving results at {}", bindAddress);
        } catch (RuntimeException e) {
            bindFailure.set(new IllegalStateException("actioner cannot bind its results socket " + bindAddress
                    + " (CLOUDROUTES_RESULTS_BIND / CLOUDROUTES_RESULTS_ENDPOINT): " + e.getMessage(), e));
            bound.countDown();
            return;
        }
        plane.bindMetrics(meters);
        bound.countDown();
        while (running) {
            byte[] message;
            try {
                message = socket.recv();
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("results socket error error={}", e.toString());
                continue;
            }
            if (message == null) {
                continue;
            }
            try {
                CheckResult result = MessageCodec.fromBytes(message, CheckResult.class);
                try (LogContext.Scope ignored = LogContext.monitor(result.monitorId())) {
                    processor.process(result);
                }
            } catch (MessageCodec.MalformedMessageException e) {
                log.warn("dropping malformed result error={}", e.getMessage());
            } catch (RuntimeException e) {
                // Redis or PostgreSQL unavailable: this result is lost, the next check of the monitor comes soon.
                log.warn("could not process a result error={}", e.toString());
            }
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
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
