package io.cloudroutes.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void portsHandedOutOneAfterTheOtherAreNeverTheSameAndCanBeBound() throws IOException {
        // The kernel picks each ephemeral port at random among a few ten thousand: among 2,000 picks of closed ports
        // a repeat is all but certain, which is how two sockets of the standalone once got one port.
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ports.add(LoopbackPorts.next());
        }
        Set<Integer> distinct = new HashSet<>(ports);
        assertThat(distinct).hasSameSizeAs(ports);
        try (ServerSocket socket = new ServerSocket(ports.getLast(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(ports.getLast());
        }
    }
}
