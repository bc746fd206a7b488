package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class FinishedSignalTest {

    private final ZContext context = new ZContext();
    private final FinishedSignal signal = new FinishedSignal(context, "worker-1");

    @AfterEach
    void close() {
        signal.close();
        context.close();
    }

    @Test
    void aCheckFinishingWakesTheLoopsPollAndManyFinishingTogetherWakeItOnce() throws Exception {
        ZMQ.Poller poller = context.createPoller(1);
        poller.register(signal.receiver(), ZMQ.Poller.POLLIN);
        assertThat(poller.poll(0)).as("nothing finished yet").isZero();

        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> finishing = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                finishing.add(checks.submit(signal::raise));
            }
            for (Future<?> check : finishing) {
                check.get();
            }
        }
        // a long poll returns at once: the loop does not wait for its tick
        assertThat(poller.poll(60_000)).isEqualTo(1);
        assertThat(signal.receiver().recv(ZMQ.DONTWAIT)).as("the first wake").isNotNull();
        assertThat(signal.receiver().recv(ZMQ.DONTWAIT))
                .as("500 finished, one wake-up")
                .isNull();

        signal.clear();
        assertThat(poller.poll(0))
                .as("woken and cleared: quiet until the next check finishes")
                .isZero();
        signal.raise();
        assertThat(poller.poll(60_000))
                .as("a check finishing after the loop woke wakes it again")
                .isEqualTo(1);
        poller.close();
    }

    @Test
    void aCheckThatFinishesAfterItsWorkerClosedIsHarmless() {
        signal.close();
        assertThatCode(signal::raise).doesNotThrowAnyException();
    }
}
