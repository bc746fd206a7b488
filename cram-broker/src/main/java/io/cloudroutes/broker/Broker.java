package io.cloudroutes.broker;

import io.cloudroutes.broker.WorkerRegistry.WorkerSlot;
import io.cloudroutes.broker.ZoneQueues.Queued;
import io.cloudroutes.broker.ZoneQueues.ZoneLoad;
import io.cloudroutes.broker.ZoneQueues.ZoneQueue;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Hands check jobs from controls to workers with free capacity. Workers announce how many jobs they can run and
 * return a credit per finished job, so no worker is ever sent more than it can run; a worker that stops
 * heartbeating gets no more work. One thread owns every socket: it reads jobs into their zone's queue
 * ({@link ZoneQueues}), reads workers' messages into the {@link WorkerRegistry}, sends each zone's jobs to its freest
 * worker, heartbeats the workers and publishes the counts.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long HEARTBEAT_MILLIS = BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();
    private static final int MAX_JOBS_PER_TURN = 1_000;
    /** The names of the broker's sockets in logs and in {@code cloudroutes_zmq_peers_refused_total{socket}}. */
    public static final String FRONTEND = "broker-frontend";

    public static final String BACKEND = "broker-backend";

    private final BrokerConfig config;
    private final ZContext context = new ZContext();
    private final PlaneSockets plane;
    /** The jobs of one message to a worker; used by the routing thread only. */
    private final JobBatch batch;
    /** The jobs waiting for each zone's workers; used by the routing thread only. */
    private final ZoneQueues queues;
    /** The connected workers and their credits; used by the routing thread only. */
    private final WorkerRegistry workers = new WorkerRegistry();

    private final CountDownLatch bound = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> startFailure = new AtomicReference<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile BrokerStats stats = new BrokerStats(0, 0, 0, 0, 0, 0, 0);
    private long received;
    private long dispatched;
    private long malformed;
    // What each zone has waiting and serving it, refreshed by the routing thread once a second for the zone gauges.
    private volatile Map<String, ZoneLoad> zoneLoads = Map.of();
    private volatile MeterRegistry registry;
    private final Set<String> zonesWithGauges = ConcurrentHashMap.newKeySet();

    private Broker(BrokerConfig config) {
        this.config = config;
        this.plane = new PlaneSockets(context, config.security());
        this.batch = JobBatch.forPlane(config.security().maxMessageBytes());
        this.queues = new ZoneQueues(config.zoneQueueCapacity(), config.maxJobAge());
        this.loop = Thread.ofPlatform().name("cram-broker").unstarted(this::run);
    }

    public static void main(String[] args) {
        Env env = Env.system();
        Broker broker = start(BrokerConfig.fromEnv(env));
        OpsEndpoint ops = OpsEndpoint.fromEnv(env, 9101, "cram-broker", broker::bindMetrics, broker::health);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            if (ops != null) {
                                ops.close();
                            }
                        },
                        "cram-broker-shutdown"));
    }

    /** Live workers, queue depth (in all and per zone) and job counters, for Prometheus. */
    public void bindMetrics(MeterRegistry registry) {
        this.registry = registry;
        zoneLoads.keySet().forEach(this::gaugesForZone);
        Gauge.builder("cloudroutes.broker.workers", this, b -> b.stats().liveWorkers())
                .description("workers sending heartbeats")
                .register(registry);
        Gauge.builder("cloudroutes.broker.queued.jobs", this, b -> b.stats().queuedJobs())
                .description("jobs waiting for a worker with free capacity")
                .register(registry);
        FunctionCounter.builder(
                        "cloudroutes.broker.jobs.received", this, b -> b.stats().jobsReceived())
                .register(registry);
        FunctionCounter.builder(
                        "cloudroutes.broker.jobs.dispatched",
                        this,
                        b -> b.stats().jobsDispatched())
                .register(registry);
        FunctionCounter.builder(
                        "cloudroutes.broker.jobs.dropped.stale",
                        this,
                        b -> b.stats().jobsDroppedStale())
                .register(registry);
        FunctionCounter.builder(
                        "cloudroutes.broker.jobs.dropped.full",
                        this,
                        b -> b.stats().jobsDroppedFull())
                .description("jobs dropped because their zone already had its queue capacity waiting for a worker")
                .register(registry);
        plane.bindMetrics(registry);
        FunctionCounter.builder(
                        "cloudroutes.broker.messages.malformed",
                        this,
                        b -> b.stats().messagesMalformed())
                .register(registry);
    }

    /**
     * Gauges of one zone, from the first time the broker sees it until it has neither jobs nor workers: a zone that
     * monitors stopped naming leaves no series behind.
     */
    private void gaugesForZone(String zone) {
        MeterRegistry bound = registry;
        if (bound == null || !zonesWithGauges.add(zone)) {
            return;
        }
        Gauge.builder(
                        "cloudroutes.broker.zone.queued.jobs",
                        this,
                        b -> b.zoneLoad(zone).queuedJobs())
                .tag("zone", zone)
                .description("jobs of the zone waiting for one of its workers to have free capacity")
                .register(bound);
        Gauge.builder(
                        "cloudroutes.broker.zone.workers",
                        this,
                        b -> b.zoneLoad(zone).workers())
                .tag("zone", zone)
                .description("live workers of the zone; 0 with jobs queued means nobody checks its monitors")
                .register(bound);
        Gauge.builder(
                        "cloudroutes.broker.zone.free.capacity",
                        this,
                        b -> b.zoneLoad(zone).freeCapacity())
                .tag("zone", zone)
                .description("checks the zone's workers could start now")
                .register(bound);
    }

    private ZoneLoad zoneLoad(String zone) {
        return zoneLoads.getOrDefault(zone, ZoneLoad.NONE);
    }

    private void refreshZoneLoads() {
        Map<String, ZoneLoad> loads = queues.loads(workers.all());
        zoneLoads = Map.copyOf(loads);
        loads.keySet().forEach(this::gaugesForZone);
        zonesWithGauges.removeIf(zone -> !loads.containsKey(zone) && removeGaugesOfZone(zone));
    }

    private boolean removeGaugesOfZone(String zone) {
        MeterRegistry bound = registry;
        if (bound != null) {
            for (String name : List.of(
                    "cloudroutes.broker.zone.queued.jobs",
                    "cloudroutes.broker.zone.workers",
                    "cloudroutes.broker.zone.free.capacity")) {
                Gauge gauge = bound.find(name).tag("zone", zone).gauge();
                if (gauge != null) {
                    bound.remove(gauge);
                }
            }
        }
        return true;
    }

    /** Null while the broker routes, otherwise why it does not. */
    public String health() {
        return loop.isAlive() ? null : "the routing thread has stopped";
    }

    /** Binds both sockets and starts routing; throws if a socket cannot be bound. */
    public static Broker start(BrokerConfig config) {
        Broker broker = new Broker(config);
        broker.loop.start();
        try {
            if (!broker.bound.await(10, TimeUnit.SECONDS)) {
                broker.close();
                throw new IllegalStateException("broker did not bind its sockets within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
        if (broker.startFailure.get() != null) {
            broker.close();
            throw broker.startFailure.get();
        }
        return broker;
    }

    /** The counts as of the routing thread's last turn or send: a job a worker has received is counted in them. */
    public BrokerStats stats() {
        return stats;
    }

    private void run() {
        try {
            route();
        } catch (RuntimeException e) {
            if (running) {
                log.error("routing thread stopped error={}", e.toString(), e);
            }
        }
    }

    private void route() {
        ZMQ.Socket frontend;
        ZMQ.Socket backend;
        try {
            frontend = context.createSocket(SocketType.PULL);
            frontend.setLinger(0);
            // only controls with an admitted key may push jobs, only admitted workers may take them
            plane.serve(frontend, FRONTEND, config.security().controlPublicKeys());
            frontend.bind(config.frontendBind());
            backend = context.createSocket(SocketType.ROUTER);
            backend.setLinger(0);
            backend.setRouterMandatory(false);
            // A ROUTER drops silently what it cannot queue, and the job's credit with it; the credits a worker
            // announced bound what it is sent, so the socket itself needs no send bound.
            backend.setSndHWM(0);
            plane.serve(backend, BACKEND, config.security().workerPublicKeys());
            backend.bind(config.backendBind());
            log.info(
                    "broker listening frontend={} backend={} zoneQueueCapacity={}",
                    config.frontendBind(),
                    config.backendBind(),
                    config.zoneQueueCapacity());
        } catch (RuntimeException e) {
            startFailure.set(new IllegalStateException(
                    "broker could not bind " + config.frontendBind() + " / " + config.backendBind() + ": "
                            + e.getMessage(),
                    e));
            bound.countDown();
            return;
        }
        bound.countDown();
        ZMQ.Poller poller = context.createPoller(2);
        int backendIndex = poller.register(backend, ZMQ.Poller.POLLIN);
        // Always read from controls: each zone's queue is bounded on its own, so a full zone drops its own jobs
        // instead of holding back the socket that every zone's jobs arrive on.
        int frontendIndex = poller.register(frontend, ZMQ.Poller.POLLIN);
        long nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
        long nextStatsLog = System.currentTimeMillis() + 60_000;
        long nextZoneLoads = 0;
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                poller.poll(Math.max(1, Math.min(250, nextHeartbeat - System.currentTimeMillis())));
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                throw e;
            }
            if (poller.pollin(backendIndex)) {
                drainBackend(backend);
            }
            if (poller.pollin(frontendIndex)) {
                drainFrontend(frontend, backend);
            }
            dispatch(backend);
            long now = System.currentTimeMillis();
            if (now >= nextHeartbeat) {
                // What workers sent while this turn ran counts: a worker is silent only when nothing of it waits here
                // (a turn of a broker still compiling, or a starved one, can take longer than a worker's liveness).
                drainBackend(backend);
                heartbeat(backend, now);
                nextHeartbeat = now + HEARTBEAT_MILLIS;
            }
            if (now >= nextStatsLog) {
                publishStats();
                BrokerStats counts = stats;
                log.info(
                        "broker stats workers={} queued={} received={} dispatched={} droppedStale={} droppedFull={} "
                                + "malformed={}",
                        counts.liveWorkers(),
                        counts.queuedJobs(),
                        counts.jobsReceived(),
                        counts.jobsDispatched(),
                        counts.jobsDroppedStale(),
                        counts.jobsDroppedFull(),
                        counts.messagesMalformed());
                queues.warnAboutZonesWithoutWorkers(workers::hasWorkersIn);
                queues.warnAboutFullZones();
                nextStatsLog = now + 60_000;
            }
            if (now >= nextZoneLoads) {
                refreshZoneLoads();
                nextZoneLoads = now + 1_000;
            }
            publishStats();
        }
        poller.close();
        for (WorkerSlot worker : workers.all()) {
            log.info("broker stopping, worker left worker={}", worker.name());
        }
    }

    /**
     * Published at the end of every turn and before every send to a worker, so that whoever sees a job arrive sees
     * it counted (and everything before it) in {@link #stats()}.
     */
    private void publishStats() {
        stats = new BrokerStats(
                workers.size(),
                queues.queued(),
                received,
                dispatched,
                queues.droppedStale(),
                queues.droppedFull(),
                malformed);
    }

    private void drainFrontend(ZMQ.Socket frontend, ZMQ.Socket backend) {
        byte[] message;
        // A bounded number of jobs per turn, so that a flood of jobs never delays workers' heartbeats and credits.
        for (int taken = 0; taken < MAX_JOBS_PER_TURN && (message = frontend.recv(ZMQ.DONTWAIT)) != null; ) {
            List<byte[]> jobs;
            try {
                // a control sends a lone job as its JSON and several as a batch (JobBatch)
                jobs = JobBatch.jobsOf(message);
            } catch (IllegalArgumentException e) {
                malformed++;
                log.warn("dropping malformed batch of jobs from a control error={}", e.getMessage());
                continue;
            }
            for (byte[] job : jobs) {
                take(job, backend);
            }
            taken += jobs.size();
        }
    }

    /** Queues one job of a control for its zone's workers, or drops it when the zone's queue is full. */
    private void take(byte[] message, ZMQ.Socket backend) {
        try {
            CheckJob job = MessageCodec.fromBytes(message, CheckJob.class);
            if (job == null) {
                throw new IllegalArgumentException("empty job");
            }
            received++;
            ZoneQueue queue = queues.of(job.zone());
            // The bound counts jobs that wait for a worker: a zone whose workers have credits takes them first.
            dispatchZone(backend, queue, System.currentTimeMillis());
            // Aged by this broker's own clock from the moment it took the job: a control whose clock is off
            // neither gets its jobs dropped at once (behind) nor kept for ever (ahead).
            queue.offer(new Queued(message, System.currentTimeMillis(), job.monitorId()));
        } catch (RuntimeException e) {
            // whatever a control sent, it must not stop the routing thread
            malformed++;
            log.warn("dropping malformed job from a control error={}", e.getMessage());
        }
    }

    private void drainBackend(ZMQ.Socket backend) {
        ZMsg message;
        while ((message = ZMsg.recvMsg(backend, ZMQ.DONTWAIT)) != null) {
            handleWorkerMessage(backend, message);
            message.destroy();
        }
    }

    private void handleWorkerMessage(ZMQ.Socket backend, ZMsg message) {
        ZFrame identity = message.pop();
        String command = message.popString();
        if (identity == null || command == null) {
            malformed++;
            return;
        }
        String key = identity.strhex();
        long now = System.currentTimeMillis();
        switch (command) {
            case BrokerProtocol.READY -> {
                int capacity = BrokerProtocol.count(message.popString());
                String zone = message.popString();
                boolean readsBatches = BrokerProtocol.JOBS.equals(message.popString());
                WorkerSlot joined = workers.join(
                        key, identity.getData(), zone == null ? "default" : zone, capacity, readsBatches, now);
                // answered at once: a worker grants a broker credits only once it has heard from it
                backend.sendMore(joined.identity());
                backend.send(BrokerProtocol.HEARTBEAT);
                log.info(
                        "worker joined worker={} zone={} capacity={} readsBatches={}",
                        joined.name(),
                        joined.zone(),
                        capacity,
                        readsBatches);
            }
            case BrokerProtocol.CREDIT -> workers.credit(key, BrokerProtocol.count(message.popString()), now);
            case BrokerProtocol.HEARTBEAT -> workers.heard(key, now);
            case BrokerProtocol.BYE -> {
                WorkerSlot left = workers.leave(key);
                if (left != null) {
                    log.info("worker left worker={} reason=goodbye", left.name());
                }
            }
            default -> {
                malformed++;
                log.warn("unknown command from a worker command={}", command);
            }
        }
    }

    private void dispatch(ZMQ.Socket backend) {
        long now = System.currentTimeMillis();
        for (ZoneQueue queue : queues.all()) {
            dispatchZone(backend, queue, now);
        }
        queues.removeEmpty();
    }

    /**
     * Hands the zone's queued jobs, oldest first, to its workers while they have credits: to a worker that reads
     * batches, as many at once as it has credits for (up to a batch).
     */
    private void dispatchZone(ZMQ.Socket backend, ZoneQueue queue, long now) {
        Queued next;
        while ((next = queue.peekFresh(now)) != null) {
            WorkerSlot worker = workers.freest(queue.zone());
            if (worker == null) {
                return;
            }
            queue.poll();
            if (worker.readsBatches() && worker.credits() > 1 && !queue.isEmpty()) {
                sendBatch(backend, worker, next, queue, now);
            } else {
                workers.sent(worker, 1);
                dispatched++;
                publishStats();
                backend.sendMore(worker.identity());
                backend.sendMore(BrokerProtocol.JOB);
                backend.send(next.message());
            }
        }
    }

    /**
     * Sends {@code first} and the jobs after it in the zone's queue, as many as the worker has credits for and one
     * message holds, to the worker in one message; stale jobs met on the way are dropped as one at a time would be.
     */
    private void sendBatch(ZMQ.Socket backend, WorkerSlot worker, Queued first, ZoneQueue queue, long now) {
        batch.clear();
        batch.add(first.message());
        Queued next;
        while (batch.size() < worker.credits() && (next = queue.pollFreshIf(batch::fits, now)) != null) {
            batch.add(next.message());
        }
        int jobs = batch.size();
        workers.sent(worker, jobs);
        dispatched += jobs;
        publishStats();
        backend.sendMore(worker.identity());
        backend.sendMore(BrokerProtocol.JOBS);
        backend.sendMore(String.valueOf(jobs));
        backend.send(batch.message());
        batch.clear();
    }

    private void heartbeat(ZMQ.Socket backend, long now) {
        workers.removeSilent(now);
        for (WorkerSlot worker : workers.all()) {
            backend.sendMore(worker.identity());
            backend.send(BrokerProtocol.HEARTBEAT);
        }
    }

    /** Stops routing and closes the sockets; jobs still queued are dropped (the schedule issues new ones). */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plane.close();
        context.close();
    }

    /** Connections a socket ({@link #FRONTEND} or {@link #BACKEND}) closed without admitting the peer. */
    public long peersRefused(String socket) {
        return plane.refused(socket);
    }
}
