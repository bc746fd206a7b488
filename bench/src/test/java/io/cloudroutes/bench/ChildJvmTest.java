package io.cloudroutes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.broker.Broker;
import io.cloudroutes.control.Control;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark's child JVM: configured only by the environment it is given, failing with its log, stopped on close. */
class ChildJvmTest {

    private static final List<String> SMALL = List.of("-Xmx64m", "-XX:+UseSerialGC");

    @TempDir
    Path logs;

    @Test
    void aChildThatEndsWhileStartingFailsWithTheEndOfItsLog() throws IOException {
        // no CURVE key: the control refuses to start, and says so in its log
        try (ChildJvm control = start("cram-control", Control.class, Map.of())) {
            URI health = URI.create("http://127.0.0.1:" + LoopbackPorts.next() + "/health");

            assertThatThrownBy(() -> control.awaitHealthy(health, Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cram-control stopped while starting")
                    .hasMessageContaining(logs.resolve("cram-control.log").toString())
                    .hasMessageContaining("CLOUDROUTES_ZMQ_SECRET_KEY is required");
            assertThatThrownBy(control::requireRunning).hasMessageContaining("ended with exit code");
        }
    }

    @Test
    void aReadyChildRunsUntilClosed() throws IOException {
        int opsPort = LoopbackPorts.next();
        Map<String, String> environment = new LinkedHashMap<>(TestPlane.env(TestPlane.BROKER));
        environment.put(ZmqEndpoints.BROKER_FRONTEND, "tcp://127.0.0.1:" + LoopbackPorts.next());
        environment.put(ZmqEndpoints.BROKER_BACKEND, "tcp://127.0.0.1:" + LoopbackPorts.next());
        environment.put("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort));
        ChildJvm broker = start("cram-broker", Broker.class, environment);
        try {
            broker.awaitHealthy(URI.create("http://127.0.0.1:" + opsPort + "/health"), Duration.ofSeconds(60));
            broker.requireRunning();
            assertThat(ProcessTree.rssMb(broker.handle()))
                    .as("resident memory of the running broker")
                    .isPositive();
        } finally {
            broker.close();
        }

        assertThat(broker.isAlive()).as("the broker after close").isFalse();
        assertThat(broker.logTail()).as("its output, in its log").contains("broker listening");
    }

    private ChildJvm start(String name, Class<?> main, Map<String, String> environment) throws IOException {
        return ChildJvm.start(
                name,
                SMALL,
                List.of("-cp", System.getProperty("java.class.path"), main.getName()),
                environment,
                logs.resolve(name + ".log"),
                Duration.ofSeconds(10));
    }
}
