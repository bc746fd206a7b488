package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

/** For the tests of modules whose class path holds every process's: JeroMQ is the patched one, and only it. */
public final class PatchedJeromq {

    private PatchedJeromq() {}

    /** Fails unless the only zmq/Signaler.class that {@code loader} sees is jeromq-patched's. */
    public static void requireOnlyTheFixedSignaler(ClassLoader loader) {
        try {
            List<URL> signalers = Collections.list(loader.getResources("zmq/Signaler.class"));
            assertThat(signalers)
                    .as("zmq/Signaler.class on the class path (org.zeromq:jeromq must not be a "
                            + "dependency: depend on io.cloudroutes:jeromq-patched)")
                    .singleElement()
                    .asString()
                    .contains("jeromq-patched");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
