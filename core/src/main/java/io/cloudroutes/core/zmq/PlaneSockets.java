package io.cloudroutes.core.zmq;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZAuth;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * Secures the ZeroMQ sockets of one process (one {@link ZContext}): every socket is encrypted and authenticated with
 * CURVE and refuses messages larger than {@link ZmqSecurity#maxMessageBytes()} (the connection that sent one is
 * closed), and has no receive bound, since jeromq corrupts a CURVE message that meets a full receive queue. A server
 * socket admits only the clients whose public keys it is given; every connection it closes without
 * admitting is counted ({@code cloudroutes_zmq_peers_refused_total{socket}}) and logged, at most once a minute.
 * Close it before the context.
 */
public final class PlaneSockets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlaneSockets.class);
    private static final HexFormat HEX = HexFormat.of();

    private final ZContext context;
    private final ZmqSecurity security;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final List<Thread> monitors = new CopyOnWriteArrayList<>();
    private volatile ZAuth authenticator;
    private volatile boolean open = true;

    public PlaneSockets(ZContext context, ZmqSecurity security) {
        this.context = context;
        this.security = security;
    }

    /**
     * Makes {@code socket} a CURVE server with this process's key that admits only {@code clientPublicKeys}; call it
     * before {@code bind}. {@code name} (e.g. {@code broker-backend}) names the socket in logs and metrics.
     */
    public void serve(ZMQ.Socket socket, String name, Set<String> clientPublicKeys) {
        installAuthenticator();
        Served entry = new Served(
                name,
                clientPublicKeys.stream()
                        .map(key -> ZMQ.Curve.z85Encode(HEX.parseHex(key)))
                        .collect(Collectors.toUnmodifiableSet()));
        if (served.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a socket named " + name + " is already served");
        }
        if (clientPublicKeys.isEmpty()) {
            log.warn("no client may connect: its list of admitted public keys is empty socket={}", name);
        }
        bounded(socket);
        socket.setCurveServer(true);
        socket.setCurveSecretKey(security.keyPair().secretKeyBytes());
        // the ZAP domain tells the authenticator which socket a connection is for
        socket.setZAPDomain(name);
        watch(socket, name, ZMQ.EVENT_ACCEPTED | ZMQ.EVENT_DISCONNECTED, event -> {
            Object connection = event.resolveValue();
            if (connection == null) {
                return; // the connection is gone already; its counterpart event is skipped alike
            }
            if (event.getEvent() == ZMQ.EVENT_ACCEPTED) {
                entry.tally.accepted(connection);
            } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                entry.tally.disconnected(connection);
            }
        });
        log.info(
                "plane socket admits CURVE clients only socket={} publicKey={} admittedKeys={}",
                name,
                security.keyPair().publicKey(),
                clientPublicKeys.size());
    }

    /** Makes {@code socket} a CURVE client with this process's key, talking only to {@code serverPublicKey}; call it before {@code connect}. */
    public void connectTo(ZMQ.Socket socket, String serverPublicKey) {
        bounded(socket);
        socket.setCurvePublicKey(security.keyPair().publicKeyBytes());
        socket.setCurveSecretKey(security.keyPair().secretKeyBytes());
        socket.setCurveServerKey(HEX.parseHex(serverPublicKey));
    }

    /** Connections the socket named {@code name} closed without admitting the peer, so far. */
    public long refused(String name) {
        Served entry = served.get(name);
        return entry == null ? 0 : entry.tally.refused();
    }

    /** {@code cloudroutes.zmq.peers.refused} for each served socket. */
    public void bindMetrics(MeterRegistry registry) {
        served.values()
                .forEach(entry -> FunctionCounter.builder(
                                "cloudroutes.zmq.peers.refused", entry.tally, HandshakeTally::refused)
                        .description(
                                "connections closed without admitting the peer: no CURVE, or a key that is not admitted")
                        .tag("socket", entry.name)
                        .register(registry));
    }

    private void bounded(ZMQ.Socket socket) {
        socket.setMaxMsgSize(security.maxMessageBytes());
        // No receive bound: when a CURVE socket's receive queue is full, jeromq keeps the message it has just
        // decrypted and later hands the application the still-encrypted frame instead (StreamEngine.decodeAndPush,
        // zeromq/jeromq#1009): the message is lost and the reader sees garbage. Every reader of a plane socket drains
        // it at once and bounds what it keeps itself (the broker's zone queues, a worker's credits, the actioner's
        // appends), so the queue in front of it never has to hold more than a burst.
        socket.setRcvHWM(0);
    }

    private synchronized void installAuthenticator() {
        if (authenticator == null) {
            authenticator = new ZAuth(
                    context,
                    "cloudroutes-zap-" + UUID.randomUUID(),
                    Map.of(ZMQ.Socket.Mechanism.CURVE.name(), new Admission()));
        }
    }

    /**
     * Hands the {@code events} (a mask of {@code ZMQ.EVENT_*}) of {@code socket} to {@code onEvent}, on a thread of its
     * own, until the plane or the context closes; call it before {@code bind} or {@code connect}.
     */
    public void watch(ZMQ.Socket socket, String name, int events, Consumer<ZMQ.Event> onEvent) {
        String monitorEndpoint = "inproc://cloudroutes-monitor-" + name + "-" + UUID.randomUUID();
        socket.monitor(monitorEndpoint, events);
        monitors.add(Thread.ofPlatform()
                .daemon()
                .name("zmq-monitor-" + name)
                .start(() -> readEvents(monitorEndpoint, onEvent)));
    }

    private void readEvents(String monitorEndpoint, Consumer<ZMQ.Event> onEvent) {
        ZMQ.Socket events = context.createSocket(org.zeromq.SocketType.PAIR);
        try {
            events.setReceiveTimeOut(200);
            events.connect(monitorEndpoint);
            while (open) {
                ZMQ.Event event = ZMQ.Event.recv(events);
                if (event != null) {
                    onEvent.accept(event);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            // the context is closing
        } finally {
            try {
                context.destroySocket(events);
            } catch (RuntimeException e) {
                // already closed with its context
            }
        }
    }

    @Override
    public void close() {
        open = false;
        for (Thread monitor : monitors) {
            try {
                monitor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ZAuth current = authenticator;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Decides, for jeromq's authentication handler, whether a CURVE client may connect to the socket it asks for. */
    private final class Admission implements ZAuth.Auth {

        @Override
        public boolean configure(ZMsg configuration, boolean verbose) {
            return true;
        }

        @Override
        public boolean authorize(ZAuth.ZapRequest request, boolean verbose) {
            Served entry = served.get(request.domain);
            if (entry == null) {
                return false;
            }
            if (entry.admitted.contains(request.clientKey)) {
                entry.tally.admitted();
                return true;
            }
            entry.warnRefused(request.address, HEX.formatHex(ZMQ.Curve.z85Decode(request.clientKey)));
            return false;
        }
    }

    /** One server socket: the client keys it admits (Z85, as the authentication handler gives them) and its tally. */
    private static final class Served {
        private final String name;
        private final Set<String> admitted;
        private final HandshakeTally tally = new HandshakeTally();
        private long lastWarningMillis;
        private long refusedSinceWarning;

        Served(String name, Set<String> admitted) {
            this.name = name;
            this.admitted = admitted;
        }

        synchronized void warnRefused(String address, String publicKey) {
            refusedSinceWarning++;
            long now = System.currentTimeMillis();
            if (now - lastWarningMillis >= 60_000) {
                log.warn(
                        "refused a peer whose CURVE key is not admitted socket={} address={} publicKey={} "
                                + "refusedSinceLastWarning={}",
                        name,
                        address,
                        publicKey,
                        refusedSinceWarning);
                lastWarningMillis = now;
                refusedSinceWarning = 0;
            }
        }
    }
}
