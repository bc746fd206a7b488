package io.cloudroutes.control;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisUrls;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Finds due monitors in Redis and pushes a check job for each to the brokers. Several controls can run against one
 * Redis: the claim is atomic, so each check is scheduled once.
 *
 * <p>With several brokers the control keeps a PUSH socket per broker rather than one socket connected to all: each
 * socket then says on its own whether its broker is connected (a gauge per broker) and a send that fails tells which
 * broker is down, while the control still takes turns over the brokers and offers a job to the next one when a broker
 * is down or full. A job lost with a broker is not sent again: the claim already moved its monitor to the next slot,
 * one interval later, which checks it then (at most one check missed).
 *
 * <p>Once a poll the control looks at how far the actioners are behind ({@link ResultsBacklog}); not before every
 * claim, since a control claiming when each monitor is due would pay two more Redis round trips, and their wake-ups,
 * every few milliseconds for an answer that changes over seconds. While the oldest
 * result no actioner has read has waited longer than {@link ControlConfig#maxResultsBacklog()}, it claims nothing:
 * running checks whose results nobody learns in time would only make the backlog, and the age of every monitor's
 * state, grow. The due monitors wait in the schedule, the longest overdue is claimed first once the actioners caught
 * up, and a monitor overdue by whole intervals is checked once for them (the slots passed over are counted). While it
 * holds back, the control says so in Redis ({@link RedisKeys#CHECKS_DELAYED}) and crweb shows "checks delayed".
 */
public final class Control implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Control.class);
    /** A check claimed this long after its due time or later counts as delayed. */
    static final Duration LATE = Duration.ofSeconds(1);
    /**
     * The least time between the starts of two claims that did not fill a batch. Each claim costs its messages'
     * wake-ups across the control, the broker and the workers whatever it carries: at 1,000 jobs/s a 10 ms spacing
     * cost about six times the CPU per job of the former 200 ms poll, 20 ms about three times, with a lag p99 of
     * 31 ms; most of that was JeroMQ's signaler spinning (fixed in jeromq-patched), after which 20 ms costs 125 µs
     * per job with a lag p99 of 22 ms (docs/benchmarks.md).
     */
    static final Duration MIN_CLAIM_SPACING = Duration.ofMillis(20);

    private final ControlConfig config;
    private final ClientResources redisResources;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> connection;
    private final Schedule schedule;
    private final ZContext context = new ZContext();
    private final PlaneSockets plane;
    private final List<BrokerConnection> brokers;
    /** The jobs on their way to a broker; used by the claim loop only. */
    private final JobBatch batch;
    /** Tells the claim loop when a broker connection that was full has room again; used by that thread only. */
    private final ZMQ.Poller roomForJobs;

    private int nextBroker;
    private final Thread loop;
    private final AtomicLong jobsSent = new AtomicLong();
    private final AtomicLong jobsDeferred = new AtomicLong();
    private final AtomicLong checksDelayed = new AtomicLong();
    private final AtomicLong slotsPassedOver = new AtomicLong();
    private final ResultsBacklog backlog;
    private volatile long backlogMillis;
    /** When this control began to hold checks back (Redis' clock), 0 while it does not. */
    private volatile long holdingSince;
    /** When to look at the results backlog next (the control's clock); used by the claim loop only. */
    private long nextBacklogLook;

    private volatile boolean running = true;
    /** Paces the polls and stamps jobs; what is due is decided by Redis' clock in the claim script, never by this. */
    private final Clock clock;

    private volatile long lastClaimMillis;

    private Control(ControlConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.lastClaimMillis = clock.millis();
        String brokerPublicKey = config.security().requireBrokerPublicKey();
        this.plane = new PlaneSockets(context, config.security());
        this.redisResources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(10), RedisUrls.MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.redisClient = RedisClient.create(redisResources, RedisURI.create(config.redisUrl()));
        try {
            this.connection = redisClient.connect();
            this.schedule = new Schedule(connection);
            this.backlog = new ResultsBacklog(connection);
        } catch (RuntimeException e) {
            redisClient.shutdown();
            redisResources.shutdown();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // the root cause says why (NOAUTH, WRONGPASS, connection refused); none of them repeats the password
            throw new IllegalStateException(
                    "control cannot use Redis at " + RedisUrls.redacted(config.redisUrl())
                            + ": " + e.getMessage() + (root == e ? "" : " (" + root.getMessage() + ")")
                            + "; check CLOUDROUTES_REDIS_URL",
                    e);
        }
        this.brokers = config.brokerFrontends().stream()
                .map(endpoint -> new BrokerConnection(context, plane, brokerPublicKey, endpoint))
                .toList();
        this.batch = JobBatch.forPlane(config.security().maxMessageBytes());
        this.roomForJobs = context.createPoller(brokers.size());
        brokers.forEach(broker -> broker.watchForRoom(roomForJobs));
        this.loop = Thread.ofPlatform().name("cram-control").unstarted(this::run);
    }

    public static void main(String[] args) {
        Env env = Env.system();
        Control control = start(ControlConfig.fromEnv(env));
        OpsEndpoint ops = OpsEndpoint.fromEnv(env, 9102, "cram-control", control::bindMetrics, control::health);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            control.close();
                            if (ops != null) {
                                ops.close();
                            }
                        },
                        "cram-control-shutdown"));
    }

    /** Jobs sent and skipped, and the age of the last successful claim, for Prometheus. */
    public void bindMetrics(MeterRegistry registry) {
        FunctionCounter.builder("cloudroutes.control.jobs.sent", jobsSent, AtomicLong::get)
                .register(registry);
        FunctionCounter.builder("cloudroutes.control.jobs.deferred", jobsDeferred, AtomicLong::get)
                .description("monitors put back as due because the broker did not take their jobs")
                .register(registry);
        FunctionCounter.builder("cloudroutes.control.checks.delayed", checksDelayed, AtomicLong::get)
                .description("checks claimed a second or more after their due time (the actioners were behind, or "
                        + "no control ran)")
                .register(registry);
        FunctionCounter.builder("cloudroutes.control.checks.skipped", slotsPassedOver, AtomicLong::get)
                .description("slots of overdue monitors passed over: one late check stands for them")
                .register(registry);
        Gauge.builder("cloudroutes.control.results.backlog.seconds", this, c -> c.backlogMillis / 1000.0)
                .description("how long the oldest result no actioner has read yet has waited")
                .register(registry);
        Gauge.builder("cloudroutes.control.holding", this, c -> c.holdingSince == 0 ? 0 : 1)
                .description("1 while this control holds checks back because results wait to be folded")
                .register(registry);
        Gauge.builder(
                        "cloudroutes.control.last.claim.age.seconds",
                        this,
                        c -> (c.clock.millis() - c.lastClaimMillis) / 1000.0)
                .register(registry);
        Gauge.builder(
                        "cloudroutes.control.brokers.connected",
                        this,
                        c -> c.brokers.stream()
                                .filter(BrokerConnection::connected)
                                .count())
                .description("brokers this control is connected to; below the number configured in "
                        + "CLOUDROUTES_BROKER_FRONTEND, a broker is down or unreachable")
                .register(registry);
        for (BrokerConnection broker : brokers) {
            Gauge.builder("cloudroutes.control.broker.connected", broker, b -> b.connected() ? 1 : 0)
                    .tag("broker", broker.endpoint())
                    .description("1 while the connection to this broker is up")
                    .register(registry);
            FunctionCounter.builder("cloudroutes.control.broker.jobs.sent", broker, BrokerConnection::sent)
                    .tag("broker", broker.endpoint())
                    .description("jobs handed to this broker's connection")
                    .register(registry);
        }
    }

    /** Null while claims succeed, otherwise why monitors are not being scheduled. */
    public String health() {
        long sinceClaim = clock.millis() - lastClaimMillis;
        long limit = Math.max(10_000, 5 * config.pollInterval().toMillis());
        if (!loop.isAlive()) {
            return "the claim thread has stopped";
        }
        return sinceClaim > limit ? "no successful claim from Redis for " + sinceClaim / 1000 + " s" : null;
    }

    public static Control start(ControlConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts a control whose own clock is {@code clock} (it may disagree with Redis' and other controls'). */
    static Control start(ControlConfig config, Clock clock) {
        Control control = new Control(config, clock);
        control.loop.start();
        log.info(
                "control started redis={} brokers={} batchSize={} pollMillis={} maxResultsBacklogMillis={}",
                RedisUrls.redacted(config.redisUrl()),
                config.brokerFrontends(),
                config.batchSize(),
                config.pollInterval().toMillis(),
                config.maxResultsBacklog().toMillis());
        return control;
    }

    /** Jobs handed to the broker socket so far. */
    public long jobsSent() {
        return jobsSent.get();
    }

    private void run() {
        boolean redisFailing = false;
        while (running) {
            long started = clock.millis();
            boolean allSent = true;
            try {
                if (holdsBack()) {
                    lastClaimMillis = clock.millis(); // Redis answers: the control waits on purpose, it is not stuck
                    redisFailing = false;
                    LockSupport.parkNanos(config.pollInterval().toNanos());
                    continue;
                }
                List<DueMonitor> due = schedule.claim(config.batchSize());
                allSent = due.isEmpty() || send(due, definitions(due), started);
                lastClaimMillis = clock.millis();
                if (redisFailing) {
                    log.info("Redis reachable again redis={}", RedisUrls.redacted(config.redisUrl()));
                    redisFailing = false;
                }
                if (due.size() == config.batchSize() && allSent) {
                    continue; // more are due: claim the next batch at once (not while the brokers refuse jobs)
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                if (!redisFailing) {
                    log.warn(
                            "cannot claim due monitors, retrying every poll redis={} error={}",
                            RedisUrls.redacted(config.redisUrl()),
                            e.toString());
                    redisFailing = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // Claim again when the next monitor is due, not a whole poll later (its check would start up to a poll
            // late), but at most every MIN_CLAIM_SPACING, so that a schedule with a monitor due every fraction of a
            // millisecond is claimed in batches; and at least every poll, which notices monitors added meanwhile.
            // While Redis fails or the brokers refuse jobs, once a poll.
            long pause = allSent && !redisFailing
                    ? Math.min(
                            config.pollInterval().toMillis(),
                            Math.max(MIN_CLAIM_SPACING.toMillis(), schedule.nextDueInMillis()))
                    : config.pollInterval().toMillis();
            long wait = pause - (clock.millis() - started);
            if (wait > 0 && running) {
                if (allSent) {
                    LockSupport.parkNanos(wait * 1_000_000);
                } else {
                    // A broker's connection was full: claim again as soon as one has room, not a whole poll later
                    // (due monitors would wait up to a poll each time the sockets fill). A broker that is down never
                    // has room, so then this waits the poll out as before.
                    roomForJobs.poll(wait);
                }
            }
        }
    }

    /**
     * Whether to claim nothing now because the actioners are behind; says so in Redis for crweb while it lasts (the
     * mark expires soon after they caught up). Looks at most once a poll while they are not behind, so a backlog over
     * the limit holds checks back at most a poll later than it arose.
     */
    private boolean holdsBack() throws ExecutionException, InterruptedException, TimeoutException {
        if (config.maxResultsBacklog().isZero()) {
            return false;
        }
        long now = clock.millis();
        if (holdingSince == 0 && now < nextBacklogLook) {
            return false; // looked less than a poll ago, and the actioners were not behind then
        }
        nextBacklogLook = now + config.pollInterval().toMillis();
        ResultsBacklog.Look look = backlog.look();
        backlogMillis = look.oldestUnreadMillis();
        long limit = config.maxResultsBacklog().toMillis();
        if (look.oldestUnreadMillis() > limit) {
            if (holdingSince == 0) {
                holdingSince = look.redisNowMillis();
                log.warn(
                        "holding checks back: the oldest result not folded yet has waited {} ms, more than {} ms; "
                                + "due monitors wait and are checked once the actioners catch up",
                        look.oldestUnreadMillis(),
                        limit);
            }
            schedule.markChecksDelayed(
                    new ChecksDelayed(holdingSince, look.oldestUnreadMillis(), limit), delayedMarkLifetime());
            return true;
        }
        if (holdingSince != 0) {
            log.info(
                    "checks run again: the actioners caught up after {} s",
                    (look.redisNowMillis() - holdingSince) / 1000);
            holdingSince = 0; // the mark in Redis expires by itself
        }
        return false;
    }

    /** Long enough to outlive a few polls, short enough that the mark goes soon after the actioners caught up. */
    private Duration delayedMarkLifetime() {
        return Duration.ofMillis(Math.max(2_000, 3 * config.pollInterval().toMillis()));
    }

    /** The claimed monitors' definitions; counts the checks that start late and the slots they stand for. */
    private Map<Long, MonitorDefinition> definitions(List<DueMonitor> due) {
        Map<Long, MonitorDefinition> definitions = schedule.definitions(due);
        for (DueMonitor monitor : due) {
            if (monitor.lateMillis() >= LATE.toMillis()) {
                checksDelayed.incrementAndGet();
                MonitorDefinition definition = definitions.get(monitor.monitorId());
                if (definition != null) {
                    slotsPassedOver.addAndGet(monitor.slotsPassedOver(definition.intervalSeconds()));
                }
            }
        }
        return definitions;
    }

    /** Checks claimed a second or more after their due time, so far. */
    long checksDelayed() {
        return checksDelayed.get();
    }

    /** Slots of overdue monitors passed over, so far. */
    long slotsPassedOver() {
        return slotsPassedOver.get();
    }

    /**
     * Sends a job per zone of each monitor, in batches; returns false when a monitor was put back because no broker
     * took a batch that held one of its jobs.
     */
    private boolean send(List<DueMonitor> due, Map<Long, MonitorDefinition> definitions, long now)
            throws ExecutionException, InterruptedException, TimeoutException {
        Outgoing outgoing = new Outgoing();
        for (DueMonitor monitor : due) {
            MonitorDefinition definition = definitions.get(monitor.monitorId());
            if (definition == null || !definition.enabled()) {
                continue;
            }
            // One job per zone: each zone's workers check the monitor from where they stand.
            for (String zone : definition.zones()) {
                CheckJob job = new CheckJob(
                        ResultIds.newJob(),
                        definition.id(),
                        definition.checkType(),
                        definition.settings(),
                        definition.timeoutSeconds() * 1000L,
                        monitor.dueAtMillis(),
                        now,
                        zone,
                        definition.secretScope());
                outgoing.add(monitor, MessageCodec.toBytes(job));
            }
        }
        outgoing.flush();
        List<DueMonitor> deferred = List.copyOf(outgoing.deferred.values());
        if (!deferred.isEmpty()) {
            // Not sent is not lost: the monitors are due again at once, claimed again once a broker has room.
            schedule.dueAgain(deferred);
            long total = jobsDeferred.addAndGet(deferred.size());
            if (total == deferred.size() || total % 1000 < deferred.size()) {
                log.warn(
                        "no broker accepting jobs, retrying once one has room deferred={} deferredSoFar={}",
                        deferred.size(),
                        total);
            }
        }
        return deferred.isEmpty();
    }

    /**
     * The jobs of one claim on their way out: gathered into a batch, which goes to a broker once full. The monitors of
     * a batch no broker took are due again, each once even when several of its jobs were refused.
     */
    private final class Outgoing {
        private final List<DueMonitor> inBatch = new ArrayList<>();
        /** By monitor id, in the order they were deferred. */
        private final Map<Long, DueMonitor> deferred = new LinkedHashMap<>();

        void add(DueMonitor monitor, byte[] job) {
            if (!batch.fits(job)) {
                flush();
            }
            batch.add(job);
            if (inBatch.isEmpty() || inBatch.getLast() != monitor) {
                inBatch.add(monitor);
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            // Never block the claim loop: a broker that is down must not stop other monitors from being claimed.
            if (offer(batch.message(), batch.size())) {
                jobsSent.addAndGet(batch.size());
            } else {
                inBatch.forEach(monitor -> deferred.putIfAbsent(monitor.monitorId(), monitor));
            }
            batch.clear();
            inBatch.clear();
        }
    }

    /**
     * Offers a message of {@code jobs} jobs to the brokers in turn, starting after the one that took the last; false if
     * none took it.
     */
    private boolean offer(byte[] message, int jobs) {
        for (int tried = 0; tried < brokers.size(); tried++) {
            BrokerConnection broker = brokers.get(nextBroker);
            nextBroker = (nextBroker + 1) % brokers.size();
            if (broker.offer(message, jobs)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(loop);
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        roomForJobs.close();
        plane.close();
        context.close();
        connection.close();
        redisClient.shutdown();
        redisResources.shutdown();
        log.info("control stopped sent={} deferred={}", jobsSent.get(), jobsDeferred.get());
    }
}
