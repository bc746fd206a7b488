package io.cloudroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.broker.WorkerRegistry.WorkerSlot;
import io.cloudroutes.core.zmq.BrokerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker registry alone: which worker gets the next job, credits, and who counts as live (at the given times). */
class WorkerRegistryTest {

    private static final long SILENT_MILLIS = BrokerProtocol.LIVENESS * BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();

    private final WorkerRegistry workers = new WorkerRegistry();

    private WorkerSlot join(String name, int capacity, String zone, long now) {
        return workers.join(name, name.getBytes(StandardCharsets.UTF_8), zone, capacity, false, now);
    }

    /** Who gets each of {@code jobs} jobs of the zone, one at a time, as the broker hands them out. */
    private List<String> handOut(int jobs, String zone) {
        List<String> takers = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            WorkerSlot worker = workers.freest(zone);
            if (worker == null) {
                break;
            }
            workers.sent(worker, 1);
            takers.add(worker.name());
        }
        return takers;
    }

    @Test
    void eachJobGoesToTheWorkerOfItsZoneWithTheMostFreeCreditsAndAmongEqualsToTheOneThatWaitedLongest() {
        join("small", 1, "lab", 0);
        join("large", 3, "lab", 0);
        join("elsewhere", 10, "mars", 0);
        // large 3 -> large 2 -> large 1 = small 1, small waited longer -> large takes the last one
        assertThat(handOut(5, "lab")).containsExactly("large", "large", "small", "large");
        assertThat(workers.freest("lab")).isNull();
        assertThat(workers.freest("venus")).isNull();
    }

    @Test
    void workersWithEqualCreditsTakeTurns() {
        join("a", 2, "lab", 0);
        join("b", 2, "lab", 0);
        join("c", 2, "lab", 0);
        assertThat(handOut(6, "lab")).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(workers.all()).extracting(WorkerSlot::credits).containsOnly(0);
    }

    @Test
    void aWorkerGetsNoMoreJobsThanItsCreditsAndMoreAsCreditsReturn() {
        WorkerSlot worker = join("w1", 2, "lab", 0);
        assertThat(handOut(5, "lab")).hasSize(2);
        workers.credit("w1", 1, 0);
        assertThat(handOut(5, "lab")).containsExactly("w1");
        // a batch uses as many credits as it has jobs
        workers.credit("w1", 5, 0);
        workers.sent(worker, 4);
        assertThat(worker.credits()).isEqualTo(1);
    }

    @Test
    void creditsAndHeartbeatsOfAWorkerThatHasNotJoinedAreIgnored() {
        workers.credit("stranger", 5, 0);
        workers.heard("stranger", 0);
        assertThat(workers.size()).isZero();
        assertThat(workers.freest("lab")).isNull();
    }

    @Test
    void aWorkerThatSaysGoodbyeGetsNoMoreWork() {
        join("leaving", 10, "lab", 0);
        join("staying", 1, "lab", 0);
        assertThat(workers.leave("leaving").name()).isEqualTo("leaving");
        assertThat(workers.leave("leaving")).isNull();
        assertThat(handOut(3, "lab")).containsExactly("staying");
        assertThat(workers.hasWorkersIn("lab")).isTrue();
        workers.leave("staying");
        assertThat(workers.hasWorkersIn("lab")).isFalse();
    }

    @Test
    void aWorkerNotHeardFromForLivenessHeartbeatsIsRemovedAndCreditsAndHeartbeatsBothCountAsHearingFromIt() {
        join("silent", 10, "lab", 0);
        join("beating", 10, "lab", 0);
        join("crediting", 10, "lab", 0);
        workers.heard("beating", 1_000);
        workers.credit("crediting", 1, 1_000);

        // silent exactly the liveness: still live
        assertThat(workers.removeSilent(SILENT_MILLIS)).isEmpty();
        assertThat(workers.removeSilent(SILENT_MILLIS + 1))
                .extracting(WorkerSlot::name)
                .containsExactly("silent");
        assertThat(workers.all()).extracting(WorkerSlot::name).containsExactly("beating", "crediting");
        assertThat(handOut(1, "lab")).containsExactly("crediting");

        assertThat(workers.removeSilent(1_000 + SILENT_MILLIS + 1)).hasSize(2);
        assertThat(workers.size()).isZero();
    }

    @Test
    void aWorkerThatJoinsAgainStartsOverWithTheCreditsOfItsNewReady() {
        join("w1", 3, "lab", 0);
        join("w2", 3, "lab", 0);
        assertThat(handOut(2, "lab")).containsExactly("w1", "w2");
        WorkerSlot again = join("w1", 1, "mars", 0);
        assertThat(workers.size()).isEqualTo(2);
        assertThat(again.credits()).isEqualTo(1);
        assertThat(again.zone()).isEqualTo("mars");
        assertThat(handOut(3, "lab")).containsExactly("w2", "w2");
    }
}
