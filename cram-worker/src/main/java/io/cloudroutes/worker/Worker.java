package io.cloudroutes.worker;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.zmq.BrokerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Takes check jobs from the broker, runs each on a virtual thread and pushes the results to the actioner. It tells
 * the broker how many checks it can run and returns a credit per finished check, so it is never overloaded; it
 * reconnects when the broker goes quiet.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long HEARTBEAT_MILLIS = BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();
    /** Results kept while the actioner cannot take them; beyond this the oldest are dropped. */
    private static final int MAX_PENDING_RESULTS = 10_000;

    private final WorkerConfig config;
    private final ZContext context = new ZContext();
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final CheckRunner runner;
    private final ConcurrentLinkedQueue<byte[]> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread loop;
    private volatile boolean running = true;

    private Worker(WorkerConfig config) {
        this.config = config;
        this.runner = new CheckRunner(CheckType.registry(), checks, config.zone(), config.workerId());
        this.loop = Thread.ofPlatform().name("cram-worker").unstarted(this::run);
    }

    public static void main(String[] args) {
        Worker worker = start(WorkerConfig.fromEnv(Env.system()));
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "cram-worker-shutdown"));
    }

    public static Worker start(WorkerConfig config) {
        Worker worker = new Worker(config);
        worker.loop.start();
        log.info("worker started worker={} zone={} capacity={} broker={} results={}", config.workerId(),
                config.zone(), config.capacity(), config.brokerBackend(), config.resultsEndpoint());
        return worker;
    }

    private void run() {
        ZMQ.Socket results = context.createSocket(SocketType.PUSH);
        results.setLinger(2_000);
        results.setSndHWM(MAX_PENDING_RESULTS);
        // Queue results while the actioner is (re)connecting instead of refusing them.
        results.setImmediate(false);
        results.connect(config.resultsEndpoint());
        ZMQ.Socket broker = connectBroker();
        ArrayDeque<byte[]> unsent = new ArrayDeque<>();
        long lastFromBroker = System.currentTimeMillis();
        long nextHeartbeat = lastFromBroker + HEARTBEAT_MILLIS;
        while (running && !Thread.currentThread().isInterrupted()) {
            ZMsg message = ZMsg.recvMsg(broker);
            while (message != null) {
                lastFromBroker = System.currentTimeMillis();
                handle(message);
                message.destroy();
                message = ZMsg.recvMsg(broker, ZMQ.DONTWAIT);
            }
            int credits = sendResults(results, unsent);
            if (credits > 0) {
                broker.sendMore(BrokerProtocol.CREDIT);
                broker.send(String.valueOf(credits));
            }
            long now = System.currentTimeMillis();
            if (now >= nextHeartbeat) {
                broker.send(BrokerProtocol.HEARTBEAT);
                nextHeartbeat = now + HEARTBEAT_MILLIS;
            }
            if (now - lastFromBroker > BrokerProtocol.LIVENESS * HEARTBEAT_MILLIS) {
                log.warn("broker silent, reconnecting worker={} broker={}", config.workerId(), config.brokerBackend());
                context.destroySocket(broker);
                broker = connectBroker();
                lastFromBroker = now;
            }
        }
        broker.send(BrokerProtocol.BYE);
        sendResults(results, unsent);
    }

    /** A fresh DEALER with a new identity, announcing the capacity that is free right now. */
    private ZMQ.Socket connectBroker() {
        ZMQ.Socket broker = context.createSocket(SocketType.DEALER);
        broker.setLinger(500);
        // Short receive timeout: the loop also has finished results to send and heartbeats to keep.
        broker.setReceiveTimeOut(20);
        broker.setIdentity((config.workerId() + "/" + UUID.randomUUID().toString().substring(0, 8))
                .getBytes(StandardCharsets.UTF_8));
        broker.connect(config.brokerBackend());
        broker.sendMore(BrokerProtocol.READY);
        broker.sendMore(String.valueOf(Math.max(0, config.capacity() - inFlight.get())));
        broker.send(config.zone());
        return broker;
    }

    private void handle(ZMsg message) {
        String command = message.popString();
        if (BrokerProtocol.JOB.equals(command)) {
            byte[] payload = message.pop().getData();
            CheckJob job;
            try {
                job = MessageCodec.fromBytes(payload, CheckJob.class);
            } catch (MessageCodec.MalformedMessageException e) {
                log.warn("dropping malformed job error={}", e.getMessage());
                finished.add(new byte[0]);
                return;
            }
            inFlight.incrementAndGet();
            jobs.submit(() -> {
                try {
                    finished.add(MessageCodec.toBytes(runner.run(job)));
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } else if (!BrokerProtocol.HEARTBEAT.equals(command)) {
            log.warn("unknown command from the broker command={}", command);
        }
    }

    /** Sends what finished since the last call; returns how many jobs finished (the credits to return). */
    private int sendResults(ZMQ.Socket results, ArrayDeque<byte[]> unsent) {
        int credits = 0;
        byte[] result;
        while ((result = finished.poll()) != null) {
            credits++;
            if (result.length > 0) {
                unsent.add(result);
            }
        }
        while (unsent.size() > MAX_PENDING_RESULTS) {
            unsent.poll();
            log.warn("actioner unreachable, dropped the oldest unsent result worker={}", config.workerId());
        }
        while (!unsent.isEmpty() && results.send(unsent.peek(), ZMQ.DONTWAIT)) {
            unsent.poll();
        }
        return credits;
    }

    /** Says goodbye to the broker, waits briefly for running checks and closes the sockets. */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(5_000);
            jobs.shutdown();
            jobs.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.shutdownNow();
        checks.shutdownNow();
        context.close();
        log.info("worker stopped worker={}", config.workerId());
    }
}
