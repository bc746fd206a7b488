package zmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import zmq.util.Errno;

class SignalerTest {

    /**
     * What JeroMQ's socket owners rely on when they poll: once the signal's pipe can be read, {@code waitEvent(0)}
     * says a signal is there. A reader that could read the pipe but was told "nothing" polled again at once, and kept
     * spinning until the sender ran again.
     */
    @Test
    void aSignalWhoseByteCanBeReadIsAlreadyCounted() throws Exception {
        Ctx ctx = new Ctx();
        Errno errno = new Errno();
        Signaler signaler = new Signaler(ctx, 1, errno);
        BlockingQueue<Integer> turns = new ArrayBlockingQueue<>(1);
        Thread sender = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (turns.take() >= 0) {
                    signaler.send();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int uncounted = 0;
        try (Selector selector = Selector.open()) {
            signaler.getFd().register(selector, SelectionKey.OP_READ);
            for (int i = 0; i < 20_000; i++) {
                turns.put(i);
                assertThat(selector.select(10_000)).as("the signal's byte arrives").isEqualTo(1);
                selector.selectedKeys().clear();
                if (!signaler.waitEvent(0)) {
                    uncounted++;
                    assertThat(signaler.waitEvent(TimeUnit.SECONDS.toMillis(10))).isTrue();
                }
                signaler.recv();
            }
        } finally {
            turns.put(-1);
            sender.join(10_000);
            signaler.close();
            ctx.terminate();
        }
        assertThat(uncounted).as("signals whose byte could be read before they were counted").isZero();
    }

    @Test
    void aSignalIsReceivedOnceAndTheSignalerIsEmptyAfterIt() throws IOException {
        Ctx ctx = new Ctx();
        Signaler signaler = new Signaler(ctx, 1, new Errno());
        try {
            assertThat(signaler.waitEvent(0)).isFalse();
            signaler.send();
            assertThat(signaler.waitEvent(0)).isTrue();
            signaler.recv();
            assertThat(signaler.waitEvent(0)).isFalse();
            assertThat(signaler.waitEvent(50)).isFalse();
        } finally {
            signaler.close();
            ctx.terminate();
        }
    }
}
