package io.cloudroutes.worker;

import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Takes check jobs from the brokers, runs each on a virtual thread and sends the results to the actioners. It keeps
 * one connection to each broker and grants each broker that answers a share of its capacity as credits, returning a
 * credit per finished check, so that all brokers together never send it more checks than it can run; it reconnects to a
 * broker that goes quiet and gives the credits that broker held to the others. Each result is kept until an actioner acknowledges it (it is then durable),
 * and sent again after {@link ResultProtocol#RESEND_AFTER}, over one socket connected to every actioner: a result
 * survives the death of the actioner that was receiving it.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long HEARTBEAT_MILLIS = BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();
    /** How long a closing worker waits for the actioners to acknowledge the results it still holds. */
    private static final long ACK_WAIT_ON_CLOSE_MILLIS = 3_000;
    /** Beyond its deadline, the time a check in flight at close gets to hand in its result. */
    private static final long IN_FLIGHT_GRACE_MILLIS = 1_000;

    /**
     * The longest the loop sleeps when nothing arrives: heartbeats and resends are due at this granularity. Brokers'
     * messages and finished checks wake it at once.
     */
    private static final long LOOP_TICK_MILLIS = 50;

    /** The schedule lag histogram's buckets: on time is well under a second, a minute late is an outage. */
    private static final Duration[] LAG_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120)
    };

    private final WorkerConfig config;
    private final ZContext context = new ZContext();
    private final PlaneSockets plane;
    private final String brokerPublicKey;
    private final String resultsPublicKey;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final CheckRunner runner;
    private final ConcurrentLinkedQueue<FinishedJob> finished = new ConcurrentLinkedQueue<>();
    private final FinishedSignal finishedSignal;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread loop;
    private volatile boolean running = true;
    /** When the last of the checks in flight reaches its deadline: a closing worker waits for them until then. */
    private volatile long inFlightDeadline;

    private final List<BrokerLink> brokers;
    private final long startedAt = System.currentTimeMillis();
    // Meters made while jobs run (a check type seen for the first time) go to every registry bound later or before.
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final Timer scheduleLag;
    private final UnacknowledgedResults unacknowledged;
    private volatile int unacknowledgedCount;
    private final AtomicLong droppedResults = new AtomicLong();
    private final AtomicLong resentResults = new AtomicLong();

    private final Canary canary;
    private final PluginRegistry<CheckType> types;
    private final BodyBudget bodyBudget;

    private Worker(WorkerConfig config, Egress egress) {
        this.config = config;
        this.brokerPublicKey = config.security().requireBrokerPublicKey();
        this.resultsPublicKey = config.security().requireResultsPublicKey();
        this.plane = new PlaneSockets(context, config.security());
        this.unacknowledged = new UnacknowledgedResults(config.resultsBuffer(), ResultProtocol.RESEND_AFTER.toMillis());
        this.types = CheckType.registry();
        this.bodyBudget = new BodyBudget(config.bodyBudgetBytes(), WorkerConfig.BODY_BUDGET_SETTING);
        CheckServices services = CheckServices.of(egress, bodyBudget);
        this.canary = Canary.start(config.canaryUrl(), types, services);
        this.runner = new CheckRunner(
                types,
                checks,
                config.zone(),
                config.workerId(),
                () -> canary != null && !canary.reachable(),
                SecretBox.fromOptionalBase64(config.secretKey()),
                services);
        this.brokers = config.brokerBackends().stream().map(BrokerLink::new).toList();
        this.finishedSignal = new FinishedSignal(context, config.workerId());
        this.loop = Thread.ofPlatform().name("cram-worker").unstarted(this::run);
        this.scheduleLag = Timer.builder("cloudroutes.worker.schedule.lag")
                .tag("zone", config.zone())
                .description("from when a check was due to when this worker started it")
                .serviceLevelObjectives(LAG_BUCKETS)
                .minimumExpectedValue(LAG_BUCKETS[0])
                .maximumExpectedValue(LAG_BUCKETS[LAG_BUCKETS.length - 1])
                .register(meters);
    }

    public static void main(String[] args) {
        Env env = Env.system();
        WorkerConfig config = WorkerConfig.fromEnv(env);
        List<OwnEndpoint> own = new ArrayList<>(ownEndpoints(config));
        own.add(OwnEndpoint.thisHost(
                "CloudRoutes' own ops endpoint", env.getInt("CLOUDROUTES_OPS_PORT", 9103, 0, 65535)));
        Worker worker = start(config, Egress.fromEnv(env, own));
        OpsEndpoint ops = OpsEndpoint.fromEnv(env, 9103, "cram-worker", worker::bindMetrics, worker::health);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.close();
                            if (ops != null) {
                                ops.close();
                            }
                        },
                        "cram-worker-shutdown"));
    }

    /** The endpoints of CloudRoutes a worker knows from its own settings: the broker's and the actioners' sockets. */
    static List<OwnEndpoint> ownEndpoints(WorkerConfig config) {
        List<OwnEndpoint> own = new ArrayList<>();
        for (String broker : config.brokerBackends()) {
            own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own broker", broker));
        }
        for (String results : config.resultsEndpoints()) {
            own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own results socket", results));
        }
        return own;
    }

    /**
     * Checks in flight and how busy that makes the worker, checks by type, zone and status, how late checks start
     * (schedule lag), results the actioners have not acknowledged yet, the body budget's room, waits and refusals,
     * for Prometheus.
     */
    public void bindMetrics(MeterRegistry registry) {
        meters.add(registry);
        Gauge.builder("cloudroutes.worker.checks.in.flight", inFlight, AtomicInteger::get)
                .register(registry);
        Gauge.builder("cloudroutes.worker.capacity", config, WorkerConfig::capacity)
                .tag("zone", config.zone())
                .description("checks this worker runs at once")
                .register(registry);
        Gauge.builder(
                        "cloudroutes.worker.utilisation",
                        this,
                        w -> w.config.capacity() == 0
                                ? 0
                                : Math.min(1.0, (double) w.inFlight.get() / w.config.capacity()))
                .tag("zone", config.zone())
                .description("checks in flight divided by capacity: near 1 the zone needs more workers")
                .register(registry);
        Gauge.builder("cloudroutes.worker.results.unacknowledged", this, w -> w.unacknowledgedCount)
                .description("results kept until an actioner acknowledges them (bounded by "
                        + "CLOUDROUTES_WORKER_RESULTS_BUFFER)")
                .register(registry);
        FunctionCounter.builder("cloudroutes.worker.results.dropped", droppedResults, AtomicLong::get)
                .description("results dropped, oldest first, because no actioner acknowledged them within the bound")
                .register(registry);
        FunctionCounter.builder("cloudroutes.worker.results.resent", resentResults, AtomicLong::get)
                .description("results sent again because no actioner acknowledged them in time")
                .register(registry);
        Gauge.builder(
                        "cloudroutes.worker.brokers.connected",
                        this,
                        w -> w.brokers.stream()
                                .filter(b -> b.answeredRecently(System.currentTimeMillis()))
                                .count())
                .description("brokers this worker is connected to and hears from; below the number configured in "
                        + "CLOUDROUTES_BROKER_BACKEND, a broker is down or unreachable")
                .register(registry);
        for (BrokerLink broker : brokers) {
            Gauge.builder(
                            "cloudroutes.worker.broker.connected",
                            broker,
                            b -> b.answeredRecently(System.currentTimeMillis()) ? 1 : 0)
                    .tag("broker", broker.endpoint())
                    .description("1 while this broker answers the worker")
                    .register(registry);
            Gauge.builder("cloudroutes.worker.broker.credits", broker, BrokerLink::credits)
                    .tag("broker", broker.endpoint())
                    .description("checks this broker may still send the worker: its share of the free capacity")
                    .register(registry);
        }
        Gauge.builder("cloudroutes.worker.body.budget.bytes", bodyBudget, BodyBudget::size)
                .description("bytes of response bodies this worker's checks may keep at once ("
                        + WorkerConfig.BODY_BUDGET_SETTING + ")")
                .register(registry);
        Gauge.builder("cloudroutes.worker.body.budget.available.bytes", bodyBudget, BodyBudget::available)
                .description("bytes of the body budget free now")
                .register(registry);
        FunctionCounter.builder("cloudroutes.worker.body.budget.waits", bodyBudget, BodyBudget::waits)
                .description("checks that waited for room in the body budget before reading a page")
                .register(registry);
        FunctionCounter.builder("cloudroutes.worker.body.budget.refusals", bodyBudget, BodyBudget::refusals)
                .description("checks not run to their end because the body budget had no room before their deadline;"
                        + " their results do not vote")
                .register(registry);
        Gauge.builder(
                        "cloudroutes.worker.canary.reachable",
                        this,
                        w -> w.canary == null || w.canary.reachable() ? 1 : 0)
                .description("0 while this zone cannot reach its canary and its results do not vote")
                .register(registry);
    }

    /** Null while at least one broker answers heartbeats, otherwise why the worker gets no work. */
    public String health() {
        if (!loop.isAlive()) {
            return "the worker thread has stopped";
        }
        long now = System.currentTimeMillis();
        if (brokers.stream().anyMatch(broker -> broker.answeredRecently(now))) {
            return null;
        }
        long lastHeard = Math.max(
                startedAt,
                brokers.stream().mapToLong(BrokerLink::lastHeard).max().orElse(0));
        if (now - lastHeard <= BrokerProtocol.LIVENESS * HEARTBEAT_MILLIS) {
            return null; // starting: the brokers have not had the time to answer
        }
        return (brokers.size() == 1 ? "no word from the broker at " : "no word from any broker at ")
                + String.join(", ", config.brokerBackends()) + " for " + (now - lastHeard) / 1000 + " s";
    }

    /**
     * A worker whose checks connect through the egress guard the environment configures
     * (CLOUDROUTES_EGRESS_ALLOW, CLOUDROUTES_EGRESS_DENY), which also refuses this worker's broker and results sockets.
     */
    public static Worker start(WorkerConfig config) {
        return start(config, Egress.fromEnv(Env.system(), ownEndpoints(config)));
    }

    /** A worker whose checks connect through {@code egress}. */
    public static Worker start(WorkerConfig config, Egress egress) {
        Worker worker = new Worker(config, egress);
        worker.loop.start();
        log.info(
                "worker started worker={} zone={} capacity={} brokers={} results={}",
                config.workerId(),
                config.zone(),
                config.capacity(),
                config.brokerBackend(),
                config.resultsEndpoint());
        return worker;
    }

    private void run() {
        try {
            serve();
        } catch (RuntimeException e) {
            if (running) {
                log.error("worker thread stopped worker={} error={}", config.workerId(), e.toString(), e);
            }
        }
    }

    private void serve() {
        ZMQ.Socket results = connectActioners();
        ZMQ.Poller poller = context.createPoller(brokers.size() + 1);
        long started = System.currentTimeMillis();
        for (BrokerLink broker : brokers) {
            broker.connect(context, plane, brokerPublicKey, config.workerId(), config.zone(), started);
            poller.register(broker.socket(), ZMQ.Poller.POLLIN);
        }
        // A finished check wakes the loop: its result leaves and its credit returns at once, not at the next tick.
        poller.register(finishedSignal.receiver(), ZMQ.Poller.POLLIN);
        while (running && !Thread.currentThread().isInterrupted()) {
            poller.poll(LOOP_TICK_MILLIS);
            finishedSignal.clear();
            long now = System.currentTimeMillis();
            for (BrokerLink broker : brokers) {
                ZMsg message;
                while ((message = ZMsg.recvMsg(broker.socket(), ZMQ.DONTWAIT)) != null) {
                    if (broker.heard(now)) {
                        log.info("broker answered worker={} broker={}", config.workerId(), broker.endpoint());
                    }
                    handle(broker, message);
                    message.destroy();
                }
            }
            sendResults(results);
            for (BrokerLink broker : brokers) {
                broker.heartbeatIfDue(now);
                if (broker.silent(now)) {
                    if (broker.live()) { // once per outage, not at every try to reach a broker that is down
                        log.warn(
                                "broker silent, reconnecting worker={} broker={} creditsItHeld={}",
                                config.workerId(),
                                broker.endpoint(),
                                broker.credits());
                    }
                    poller.unregister(broker.socket());
                    broker.closeSilent(context);
                    broker.connect(context, plane, brokerPublicKey, config.workerId(), config.zone(), now);
                    poller.register(broker.socket(), ZMQ.Poller.POLLIN);
                }
            }
            grantFreeCapacity();
        }
        for (BrokerLink broker : brokers) {
            broker.socket().send(BrokerProtocol.BYE);
        }
        poller.close();
        finishInFlight(results);
        awaitAcknowledgements(results);
    }

    /**
     * Grants what is free (capacity, less checks in flight and credits the brokers hold) to the brokers that answer,
     * each credit to the one holding the fewest and none beyond an even share of the capacity: at the start each gets
     * its share, a broker that is down holds none (its share goes to the others once it has been silent for
     * {@link BrokerProtocol#LIVENESS} heartbeats), and a broker that comes back gets the credits of the checks that
     * finish until it holds its share. A broker keeps credits it holds beyond its share until it uses them (there is
     * no taking credits back: jobs already on their way would overrun the capacity).
     */
    private void grantFreeCapacity() {
        List<BrokerLink> live = brokers.stream().filter(BrokerLink::live).toList();
        long expected = brokers.stream().filter(BrokerLink::expected).count();
        if (live.isEmpty()) {
            return;
        }
        int free = config.capacity()
                - inFlight.get()
                - brokers.stream()
                        .mapToInt(broker -> Math.max(0, broker.credits()))
                        .sum();
        int share = (int) ((config.capacity() + expected - 1) / expected);
        int[] grants = new int[live.size()];
        for (; free > 0; free--) {
            int fewest = -1;
            for (int i = 0; i < live.size(); i++) {
                int held = Math.max(0, live.get(i).credits()) + grants[i];
                if (held < share
                        && (fewest < 0 || held < Math.max(0, live.get(fewest).credits()) + grants[fewest])) {
                    fewest = i;
                }
            }
            if (fewest < 0) {
                break; // the rest is the share of a broker that has not answered yet
            }
            grants[fewest]++;
        }
        for (int i = 0; i < live.size(); i++) {
            if (grants[i] > 0) {
                live.get(i).grant(grants[i]);
            }
        }
    }

    /**
     * One DEALER socket connected to every actioner: it spreads results over those whose connection is up, and
     * refuses a result (the worker keeps it) while none is. Heartbeats notice a dead actioner within seconds.
     */
    private ZMQ.Socket connectActioners() {
        ZMQ.Socket results = context.createSocket(SocketType.DEALER);
        results.setLinger(0); // what is unacknowledged stays in the worker's own buffer, not in the socket's
        // Only to actioners whose connection is up, and what was queued for one that drops is discarded (the worker
        // keeps and resends it). JeroMQ's flag is the reverse of libzmq's ZMQ_IMMEDIATE: false is what gives this.
        results.setImmediate(false);
        results.setSndHWM(1_000);
        results.setReceiveTimeOut(0);
        results.setHeartbeatIvl(1_000);
        results.setHeartbeatTimeout(3_000);
        plane.connectTo(results, resultsPublicKey);
        for (String endpoint : config.resultsEndpoints()) {
            results.connect(endpoint);
        }
        return results;
    }

    /**
     * On close, once the brokers were told to send no more: lets the checks in flight finish (each ends by its deadline,
     * the runner sees to it) and sends their results, so that a stop loses no check that had started.
     */
    private void finishInFlight(ZMQ.Socket results) {
        long until = inFlightDeadline + IN_FLIGHT_GRACE_MILLIS;
        if (inFlight.get() > 0) {
            log.info(
                    "stopping once the checks in flight finish worker={} checks={}", config.workerId(), inFlight.get());
        }
        while (inFlight.get() > 0 && System.currentTimeMillis() < until) {
            sendResults(results);
            LockSupport.parkNanos(10_000_000);
        }
        sendResults(results);
    }

    /** Briefly, on close: sends what is left and waits for its acknowledgement, so a clean stop loses nothing. */
    private void awaitAcknowledgements(ZMQ.Socket results) {
        long deadline = System.currentTimeMillis() + ACK_WAIT_ON_CLOSE_MILLIS;
        sendResults(results);
        while (unacknowledged.size() > 0 && System.currentTimeMillis() < deadline) {
            ZMsg ack = ZMsg.recvMsg(results, ZMQ.DONTWAIT);
            if (ack == null) {
                LockSupport.parkNanos(10_000_000);
            } else {
                acknowledged(ack);
            }
            sendResults(results);
        }
        if (unacknowledged.size() > 0) {
            log.warn(
                    "stopping with results no actioner acknowledged worker={} results={}",
                    config.workerId(),
                    unacknowledged.size());
        }
    }

    private void acknowledged(ZMsg ack) {
        if (ResultProtocol.ACK.equals(ack.popString())) {
            String resultId = ack.popString();
            if (resultId != null) {
                unacknowledged.acknowledge(resultId);
            }
        }
        ack.destroy();
    }

    private void handle(BrokerLink broker, ZMsg message) {
        String command = message.popString();
        if (BrokerProtocol.JOB.equals(command)) {
            broker.jobsReceived(1);
            ZFrame frame = message.pop();
            start(frame == null ? new byte[0] : frame.getData());
        } else if (BrokerProtocol.JOBS.equals(command)) {
            int count = BrokerProtocol.count(message.popString());
            broker.jobsReceived(count);
            ZFrame frame = message.pop();
            List<byte[]> jobs;
            try {
                jobs = JobBatch.jobsOf(frame == null ? new byte[0] : frame.getData(), count);
            } catch (IllegalArgumentException e) {
                log.warn("dropping malformed batch of jobs jobs={} error={}", count, e.getMessage());
                // the credits the broker spent on it come back
                for (int i = 0; i < count; i++) {
                    inFlight.incrementAndGet();
                    finished.add(FinishedJob.WITHOUT_RESULT);
                }
                return;
            }
            jobs.forEach(this::start);
        } else if (!BrokerProtocol.HEARTBEAT.equals(command)) {
            log.warn("unknown command from the broker command={}", command);
        }
    }

    /** Runs one job the broker sent; a job that cannot be read gives its credit back at once. */
    private void start(byte[] message) {
        // A job holds its credit until the loop returns it, so a READY sent meanwhile never counts it as free.
        inFlight.incrementAndGet();
        CheckJob job;
        try {
            job = MessageCodec.fromBytes(message, CheckJob.class);
            if (job == null) {
                throw new IllegalArgumentException("empty job");
            }
        } catch (RuntimeException e) {
            log.warn("dropping malformed job error={}", e.getMessage());
            finished.add(FinishedJob.WITHOUT_RESULT);
            return;
        }
        inFlightDeadline = Math.max(inFlightDeadline, System.currentTimeMillis() + job.timeoutMillis());
        jobs.submit(() -> {
            FinishedJob result = FinishedJob.WITHOUT_RESULT;
            try {
                // clocks of controls and workers may differ a little: a check never starts before it was due
                scheduleLag.record(Math.max(0, System.currentTimeMillis() - job.dueAtMillis()), TimeUnit.MILLISECONDS);
                CheckResult outcome = runner.run(job);
                Counter.builder("cloudroutes.worker.checks")
                        .tag("type", job.checkType())
                        .tag("zone", config.zone())
                        .tag("status", outcome.status().name())
                        .register(meters)
                        .increment();
                result = new FinishedJob(outcome.resultId(), MessageCodec.toBytes(outcome));
            } catch (RuntimeException e) {
                log.error(
                        "could not report the result of a job job={} monitor={} error={}",
                        job.jobId(),
                        job.monitorId(),
                        e.toString());
            } finally {
                // always, so that the credit comes back even if the result could not be encoded
                finished.add(result);
                finishedSignal.raise();
            }
        });
    }

    /**
     * Takes the acknowledgements that came, keeps what finished since the last call (its capacity is free again),
     * and sends what is due (new results, and those unacknowledged for too long).
     */
    private void sendResults(ZMQ.Socket results) {
        ZMsg ack;
        while ((ack = ZMsg.recvMsg(results, ZMQ.DONTWAIT)) != null) {
            acknowledged(ack);
        }
        int dropped = 0;
        FinishedJob done;
        while ((done = finished.poll()) != null) {
            inFlight.decrementAndGet();
            if (done.result().length > 0) {
                dropped += unacknowledged.add(done.resultId(), done.result());
            }
        }
        if (dropped > 0) {
            droppedResults.addAndGet(dropped);
            log.warn(
                    "no actioner acknowledges results, dropped the oldest worker={} dropped={} kept={}",
                    config.workerId(),
                    dropped,
                    unacknowledged.size());
        }
        resentResults.addAndGet(
                unacknowledged.sendDue(System.currentTimeMillis(), result -> results.send(result, ZMQ.DONTWAIT)));
        unacknowledgedCount = unacknowledged.size();
    }

    /** A finished job: its result's id and bytes (empty when there is no result to send, e.g. a malformed job). */
    private record FinishedJob(String resultId, byte[] result) {
        static final FinishedJob WITHOUT_RESULT = new FinishedJob("", new byte[0]);
    }

    /**
     * Says goodbye to the brokers, lets the checks in flight finish within their deadlines and sends their results,
     * waits briefly for the actioners' acknowledgements, and closes the sockets.
     */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(Math.max(
                    5_000,
                    inFlightDeadline
                            - System.currentTimeMillis()
                            + IN_FLIGHT_GRACE_MILLIS
                            + ACK_WAIT_ON_CLOSE_MILLIS
                            + 1_000));
            jobs.shutdown();
            jobs.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.shutdownNow();
        checks.shutdownNow();
        if (canary != null) {
            canary.close();
        }
        types.close();
        finishedSignal.close();
        plane.close();
        context.close();
        log.info("worker stopped worker={}", config.workerId());
    }
}
