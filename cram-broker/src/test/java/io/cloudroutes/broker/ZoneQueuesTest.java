package io.cloudroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cloudroutes.broker.WorkerRegistry.WorkerSlot;
import io.cloudroutes.broker.ZoneQueues.Queued;
import io.cloudroutes.broker.ZoneQueues.ZoneLoad;
import io.cloudroutes.broker.ZoneQueues.ZoneQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The zone queues alone: capacity, aging by the broker's clock (the times the test hands them), counts and warnings. */
class ZoneQueuesTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Logger brokerLog = (Logger) LoggerFactory.getLogger(Broker.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        brokerLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        brokerLog.detachAppender(logged);
    }

    private static Queued job(long monitorId, long arrivedAtMillis) {
        return new Queued(("job-" + monitorId).getBytes(StandardCharsets.UTF_8), arrivedAtMillis, monitorId);
    }

    private List<String> warnings() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aZoneHoldsAtMostItsCapacityAndDropsAndCountsTheJobsBeyondWithoutHoldingBackAnotherZone() {
        ZoneQueues queues = new ZoneQueues(2, MAX_AGE);
        ZoneQueue mars = queues.of("mars");
        assertThat(mars.offer(job(1, 0))).isTrue();
        assertThat(mars.offer(job(2, 0))).isTrue();
        assertThat(mars.offer(job(3, 0))).isFalse();
        assertThat(mars.offer(job(4, 0))).isFalse();
        assertThat(queues.of("lab").offer(job(5, 0))).isTrue();

        assertThat(mars.size()).isEqualTo(2);
        assertThat(queues.queued()).isEqualTo(3);
        assertThat(queues.droppedFull()).isEqualTo(2);
        // room again once a job is taken out
        assertThat(mars.poll().monitorId()).isEqualTo(1);
        assertThat(mars.offer(job(6, 0))).isTrue();
        assertThat(queues.droppedFull()).isEqualTo(2);
    }

    @Test
    void aFullZoneIsWarnedAboutAtItsFirstDropThenOnlyInTheSumOfTheNextStatsLine() {
        ZoneQueues queues = new ZoneQueues(1, MAX_AGE);
        ZoneQueue mars = queues.of("mars");
        mars.offer(job(1, 0));
        mars.offer(job(2, 0));
        mars.offer(job(3, 0));
        mars.offer(job(4, 0));
        assertThat(warnings())
                .containsExactly(
                        "zone queue full, dropping its new jobs until its workers catch up zone=mars capacity=1");

        queues.warnAboutFullZones();
        assertThat(warnings())
                .endsWith("jobs dropped because their zone's queue was full zone=mars dropped=3 capacity=1")
                .hasSize(2);
        // nothing dropped since: no line; the next drop is warned about at once again
        queues.warnAboutFullZones();
        assertThat(warnings()).hasSize(2);
        mars.offer(job(5, 0));
        assertThat(warnings())
                .endsWith("zone queue full, dropping its new jobs until its workers catch up zone=mars capacity=1")
                .hasSize(3);
        assertThat(logged.list).extracting(ILoggingEvent::getLoggerName).containsOnly(Broker.class.getName());
    }

    @Test
    void jobsAgeFromWhenTheBrokerTookThemAndThoseHeldLongerThanTheMaximumAgeAreDroppedAheadOfTheOldestFreshOne() {
        ZoneQueues queues = new ZoneQueues(10, MAX_AGE);
        ZoneQueue lab = queues.of("lab");
        lab.offer(job(1, 1_000));
        lab.offer(job(2, 1_500));
        lab.offer(job(3, 2_000));
        lab.offer(job(4, 3_000));

        // held exactly the maximum age is not yet too long
        assertThat(lab.peekFresh(2_000).monitorId()).isEqualTo(1);
        assertThat(queues.droppedStale()).isZero();

        Queued oldestFresh = lab.peekFresh(3_000);
        assertThat(oldestFresh.monitorId()).isEqualTo(3);
        assertThat(queues.droppedStale()).isEqualTo(2);
        assertThat(queues.queued()).isEqualTo(2);
        assertThat(warnings())
                .containsExactly(
                        "dropping stale job monitor=1 zone=lab heldMillis=2000",
                        "dropping stale job monitor=2 zone=lab heldMillis=1500");
        // peeking leaves it; poll takes it
        assertThat(lab.peekFresh(3_000)).isSameAs(oldestFresh);
        assertThat(lab.poll()).isSameAs(oldestFresh);
        assertThat(queues.queued()).isEqualTo(1);

        assertThat(lab.peekFresh(10_000)).isNull();
        assertThat(lab.isEmpty()).isTrue();
        assertThat(queues.droppedStale()).isEqualTo(3);
        assertThat(queues.queued()).isZero();
    }

    @Test
    void pollFreshIfTakesTheOldestJobThatFitsDroppingStaleOnesOnTheWayAndLeavesOneThatDoesNotFit() {
        ZoneQueues queues = new ZoneQueues(10, MAX_AGE);
        ZoneQueue lab = queues.of("lab");
        lab.offer(job(1, 0));
        lab.offer(job(2, 5_000));
        lab.offer(job(3, 0));
        lab.offer(job(40, 5_000));

        assertThat(lab.pollFreshIf(message -> true, 5_000).monitorId()).isEqualTo(2);
        assertThat(queues.droppedStale()).isEqualTo(1);
        // a stale job that does not fit stops the taking as a fresh one would, and stays
        assertThat(lab.pollFreshIf(message -> message.length < 5, 5_000)).isNull();
        assertThat(lab.size()).isEqualTo(2);
        assertThat(queues.droppedStale()).isEqualTo(1);

        assertThat(lab.pollFreshIf(message -> true, 5_000).monitorId()).isEqualTo(40);
        assertThat(lab.pollFreshIf(message -> true, 5_000)).isNull();
        assertThat(queues.droppedStale()).isEqualTo(2);
        assertThat(queues.queued()).isZero();
    }

    @Test
    void aZoneIsKeptInTheOrderItWasFirstSeenUntilItsQueueIsFoundEmpty() {
        ZoneQueues queues = new ZoneQueues(10, MAX_AGE);
        ZoneQueue mars = queues.of("mars");
        queues.of("lab").offer(job(1, 0));
        assertThat(queues.of("mars")).isSameAs(mars);
        assertThat(queues.all()).extracting(ZoneQueue::zone).containsExactly("mars", "lab");

        queues.removeEmpty();
        assertThat(queues.all()).extracting(ZoneQueue::zone).containsExactly("lab");
        queues.of("mars").offer(job(2, 0));
        assertThat(queues.all()).extracting(ZoneQueue::zone).containsExactly("lab", "mars");
    }

    @Test
    void theLoadOfAZoneCountsItsWaitingJobsItsWorkersAndTheirCredits() {
        ZoneQueues queues = new ZoneQueues(10, MAX_AGE);
        queues.of("mars").offer(job(1, 0));
        queues.of("mars").offer(job(2, 0));
        queues.of("empty");
        WorkerRegistry workers = new WorkerRegistry();
        worker(workers, "lab-1", "lab", 3);
        worker(workers, "lab-2", "lab", 0);
        WorkerSlot busy = worker(workers, "lab-3", "lab", 1);
        workers.sent(busy, 1);

        Map<String, ZoneLoad> loads = queues.loads(workers.all());
        assertThat(loads)
                .containsExactly(
                        Map.entry("empty", new ZoneLoad(0, 0, 0)),
                        Map.entry("lab", new ZoneLoad(0, 3, 3)),
                        Map.entry("mars", new ZoneLoad(2, 0, 0)));
    }

    @Test
    void warnsAboutEachZoneWithJobsWaitingAndNoWorkerToRunThem() {
        ZoneQueues queues = new ZoneQueues(10, MAX_AGE);
        queues.of("mars").offer(job(1, 0));
        queues.of("lab").offer(job(2, 0));
        queues.of("empty");
        queues.warnAboutZonesWithoutWorkers(zone -> zone.equals("lab"));
        assertThat(warnings()).containsExactly("jobs waiting for a zone without live workers zone=mars queued=1");
    }

    private static WorkerSlot worker(WorkerRegistry workers, String name, String zone, int capacity) {
        return workers.join(name, name.getBytes(StandardCharsets.UTF_8), zone, capacity, false, 0);
    }
}
