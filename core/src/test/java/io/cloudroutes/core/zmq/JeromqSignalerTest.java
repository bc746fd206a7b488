package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every process that depends on core gets JeroMQ with the fixed zmq.Signaler of the jeromq-patched module, and only it. */
class JeromqSignalerTest {

    @Test
    void theOnlySignalerOnTheClassPathIsTheFixedOne() {
        PatchedJeromq.requireOnlyTheFixedSignaler(getClass().getClassLoader());
    }

    @Test
    void jeromqIsTheVersionTheSignalerWasCopiedFrom() throws IOException {
        Properties jeromq = new Properties();
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("META-INF/maven/org.zeromq/jeromq/pom.properties")) {
            assertThat(in).as("JeroMQ's pom.properties").isNotNull();
            jeromq.load(in);
        }
        assertThat(jeromq.getProperty("version"))
                .as("upgrading JeroMQ: copy its zmq/Signaler.java into jeromq-patched again, with the fix, unless the "
                        + "new version counts a signal before writing its byte")
                .isEqualTo("0.5.4");
    }
}
