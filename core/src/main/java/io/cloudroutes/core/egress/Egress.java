package io.cloudroutes.core.egress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import io.cloudroutes.core.config.Env;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.SocketFactory;

/**
 * The one way out for connections CloudRoutes makes on behalf of a tenant (checks, reactions, test runs). It resolves
 * a name once, asks the {@link EgressPolicy} about every address, and hands out exactly the addresses it checked, so
 * that a second lookup (DNS rebinding) never decides where a connection goes. Plugins get it from the services their
 * process lends them, and plug it into their clients: as the resolver of an HTTP or Redis client, as the socket
 * factory of a JDBC driver, or by connecting to the address {@link #address} returns.
 *
 * <p>Host names are parsed the way C resolvers do first: every IPv4 spelling {@code inet_aton} accepts
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) is that address, never a name to look up.
 */
public final class Egress {

    private static final System.Logger log = System.getLogger(Egress.class.getName());

    /** How long the addresses of CloudRoutes' own endpoints are trusted before they are looked up again. */
    private static final long REFRESH_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final IPAddressStringParameters LITERAL = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowMask(false)
            .allowPrefix(false)
            .allowPrefixOnly(false)
            .allowSingleSegment(true)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allow_inet_aton(true)
            .allowLeadingZeros(true)
            .getParentBuilder()
            .toParams();

    private final EgressPolicy allowList;
    private final List<OwnEndpoint> own;
    private final HostResolver resolver;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final Map<OwnEndpoint, List<InetAddress>> lastSeen = new HashMap<>();
    private volatile EgressPolicy current;
    private volatile long refreshedAt;

    private Egress(EgressPolicy allowList, List<OwnEndpoint> own, HostResolver resolver) {
        this.allowList = allowList;
        this.own = List.copyOf(own);
        this.resolver = resolver;
    }

    /** A guard with this policy, looking names up with the system's resolver, knowing no own endpoints. */
    public static Egress of(EgressPolicy policy) {
        return of(policy, List.of(), HostResolver.system());
    }

    /** A guard with this policy, looking names up with {@code resolver}, e.g. a test's own DNS server. */
    public static Egress of(EgressPolicy policy, HostResolver resolver) {
        return of(policy, List.of(), resolver);
    }

    /** A guard that also refuses CloudRoutes' {@code own} endpoints, whatever the policy allows. */
    public static Egress of(EgressPolicy policy, List<OwnEndpoint> own, HostResolver resolver) {
        Egress egress = new Egress(policy, own, resolver);
        egress.policy();
        return egress;
    }

    /**
     * The guard of a process that connects for tenants: {@value EgressPolicy#ALLOW_VARIABLE} opens ranges, and the
     * own endpoints the environment names ({@link OwnEndpoint#fromEnv}) and {@code known} (what the process knows of
     * itself) stay refused.
     *
     * @throws IllegalStateException when a setting cannot be read; the message names it and how to write it
     */
    public static Egress fromEnv(Env env, List<OwnEndpoint> known) {
        try {
            EgressPolicy policy =
                    EgressPolicy.allowing(env.get(EgressPolicy.ALLOW_VARIABLE, null), EgressPolicy.ALLOW_VARIABLE);
            List<OwnEndpoint> endpoints = new ArrayList<>(known);
            endpoints.addAll(OwnEndpoint.fromEnv(env));
            return of(policy, endpoints, HostResolver.system());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The policy now in force, with the current addresses of CloudRoutes' own endpoints. */
    public EgressPolicy policy() {
        EgressPolicy policy = current;
        if (policy == null || !own.isEmpty() && System.nanoTime() - refreshedAt > REFRESH_NANOS) {
            refreshing.lock();
            try {
                if (current == null || System.nanoTime() - refreshedAt > REFRESH_NANOS) {
                    current = own.isEmpty() ? allowList : allowList.withOwn(ownAddresses(), thisHost());
                    refreshedAt = System.nanoTime();
                }
                policy = current;
            } finally {
                refreshing.unlock();
            }
        }
        return policy;
    }

    /**
     * Every address of {@code host}, looked up once, each allowed on {@code port}; in the resolver's order.
     *
     * @throws EgressRefusedException when one of them is refused, naming it and the setting that would allow it
     * @throws UnknownHostException   when the host has no address
     */
    public List<InetAddress> resolve(String host, int port) throws UnknownHostException {
        String name = bare(host);
        InetAddress literal = literal(name);
        List<InetAddress> addresses = literal != null ? List.of(literal) : resolver.resolve(name);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(name);
        }
        EgressPolicy policy = policy();
        for (InetAddress address : addresses) {
            EgressPolicy.Decision decision = policy.decide(address, port);
            if (!decision.allowed()) {
                throw new EgressRefusedException(decision.reason(target(name, address, port)));
            }
        }
        return addresses;
    }

    /** The first checked address of {@code host} with {@code port}, to connect to; see {@link #resolve}. */
    public InetSocketAddress address(String host, int port) throws UnknownHostException {
        return new InetSocketAddress(resolve(host, port).getFirst(), port);
    }

    /** Checks an address that is already resolved (a literal, or one a library looked up): connect to exactly it. */
    public InetSocketAddress check(InetSocketAddress target) throws UnknownHostException {
        if (target.isUnresolved()) {
            return address(target.getHostString(), target.getPort());
        }
        EgressPolicy.Decision decision = policy().decide(target.getAddress(), target.getPort());
        if (!decision.allowed()) {
            throw new EgressRefusedException(
                    decision.reason(target(target.getHostString(), target.getAddress(), target.getPort())));
        }
        return target;
    }

    /** Checks a Unix socket path a tenant gave (only paths the operator listed are allowed). */
    public Path checkUnixSocket(Path path) throws EgressRefusedException {
        EgressPolicy.Decision decision = policy().decideUnixSocket(path);
        if (!decision.allowed()) {
            throw new EgressRefusedException(decision.reason(path.toString()));
        }
        return path;
    }

    /**
     * An unconnected socket whose {@code connect} goes only where this guard allows: an unresolved address is looked
     * up through the guard, a resolved one is checked as it is. It never uses a proxy.
     */
    public Socket socket() {
        return new GuardedSocket(this);
    }

    /** A socket factory whose sockets are {@link #socket()}s, for libraries that take one (JDBC drivers). */
    public SocketFactory socketFactory() {
        return new GuardedSocketFactory(this);
    }

    /** The address an IP literal names, parsed as C resolvers parse it; null for a host name. */
    static InetAddress literal(String name) {
        IPAddress address = new IPAddressString(name, LITERAL).getAddress();
        if (address == null || address.isMultiple() || address.getNetworkPrefixLength() != null) {
            return null;
        }
        try {
            // without an IPv6 zone: only a link-local address has one, and those are for the operator to allow
            return InetAddress.getByAddress(address.getBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.getByteCount() + " bytes", e);
        }
    }

    /** The host without brackets around an IPv6 literal. */
    private static String bare(String host) {
        String name = host.trim();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }

    /**
     * "host:port" (just the host without a port, as for ping), with the address in brackets after it when the host is
     * written otherwise.
     */
    private static String target(String host, InetAddress address, int port) {
        String text = EgressPolicy.of(address).toCanonicalString();
        String shownHost = host == null || host.isBlank() ? text : host;
        String hostPart =
                port == 0 ? shownHost : (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost) + ":" + port;
        return hostPart + (shownHost.equalsIgnoreCase(text) ? "" : " (" + text + ")");
    }

    private List<EgressPolicy.OwnAddress> ownAddresses() {
        List<EgressPolicy.OwnAddress> addresses = new ArrayList<>();
        for (OwnEndpoint endpoint : own) {
            if (endpoint.onThisHost()) {
                addresses.add(new EgressPolicy.OwnAddress(endpoint.label(), null, endpoint.port()));
                continue;
            }
            if (endpoint.host().contains("/")) {
                addresses.add(new EgressPolicy.OwnAddress(
                        endpoint.label(),
                        EgressPolicy.range(endpoint.host(), OwnEndpoint.DENY_VARIABLE),
                        endpoint.port()));
                continue;
            }
            List<InetAddress> found;
            try {
                String name = bare(endpoint.host());
                InetAddress literal = literal(name);
                found = literal != null ? List.of(literal) : resolver.resolve(name);
                lastSeen.put(endpoint, found);
            } catch (UnknownHostException e) {
                // not up yet (a container that starts later): keep what was seen before, look again at the next refresh
                found = lastSeen.getOrDefault(endpoint, List.of());
                log.log(
                        System.Logger.Level.WARNING,
                        "cannot look up {0} ({1}) to keep it out of tenants'' reach: {2};"
                                + " trying again in a minute",
                        endpoint.host(),
                        endpoint.label(),
                        e.getMessage());
            }
            for (InetAddress address : found) {
                IPAddress ip = EgressPolicy.of(address);
                addresses.add(new EgressPolicy.OwnAddress(
                        endpoint.label(), ip.isLoopback() || ip.isZero() ? null : ip, endpoint.port()));
            }
        }
        return addresses;
    }

    /** This host's own addresses: a connection to any of them reaches listeners bound to every interface. */
    private static Set<IPAddress> thisHost() {
        Set<IPAddress> addresses = new HashSet<>();
        try {
            NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .forEach(address -> addresses.add(EgressPolicy.of(address)));
        } catch (SocketException e) {
            log.log(System.Logger.Level.WARNING, "cannot list this host''s addresses: {0}", e.getMessage());
        }
        return addresses;
    }

    /** The socket behind {@link #socket()}. */
    private static final class GuardedSocket extends Socket {

        private final Egress egress;

        GuardedSocket(Egress egress) {
            super(Proxy.NO_PROXY);
            this.egress = egress;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new EgressRefusedException(endpoint + " refused by the egress policy (not a TCP/IP address)");
            }
            super.connect(egress.check(target), timeout);
        }
    }

    /** The factory behind {@link #socketFactory()}. */
    private static final class GuardedSocketFactory extends SocketFactory {

        private final Egress egress;

        GuardedSocketFactory(Egress egress) {
            this.egress = egress;
        }

        @Override
        public Socket createSocket() {
            return egress.socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(host, port, null, 0);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
            return connected(InetSocketAddress.createUnresolved(host, port), localAddress, localPort);
        }

        @Override
        public Socket createSocket(InetAddress address, int port) throws IOException {
            return createSocket(address, port, null, 0);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(address, port), localAddress, localPort);
        }

        private Socket connected(InetSocketAddress target, InetAddress localAddress, int localPort) throws IOException {
            Socket socket = egress.socket();
            try {
                if (localAddress != null || localPort != 0) {
                    socket.bind(new InetSocketAddress(localAddress, localPort));
                }
                socket.connect(target);
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "Egress[" + (allowList.opensNothing() ? "nothing allowed" : "with allowed ranges") + ", " + own.size()
                + " own endpoints]";
    }
}
