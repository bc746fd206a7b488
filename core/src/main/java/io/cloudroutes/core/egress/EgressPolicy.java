package io.cloudroutes.core.egress;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether CloudRoutes may connect to an address and port on behalf of a tenant. A pure function of its
 * inputs: the operator's allowed ranges ({@value #ALLOW_VARIABLE}), CloudRoutes' own endpoints and this host's
 * addresses; no lookups, no sockets.
 *
 * <p>Refused by default: every special-purpose range of the IANA registries (loopback, link-local, private and
 * unique-local, shared address space, "this network", multicast, broadcast, documentation, benchmarking and other
 * reserved blocks) and the cloud metadata services. An IPv6 address that carries an IPv4 address (IPv4-mapped,
 * IPv4-compatible, IPv4-translated, the NAT64 prefix 64:ff9b::/96, 6to4) is judged as that IPv4 address, so no
 * spelling of a refused address gets through. Ranges the operator allows are opened, except that a metadata address
 * opens only when it is listed exactly (a /32 or /128), and CloudRoutes' own endpoints never open.
 */
public final class EgressPolicy {

    /** The operator's setting that opens ranges. */
    public static final String ALLOW_VARIABLE = "CLOUDROUTES_EGRESS_ALLOW";

    /** What the policy decided, and when refused why and what would allow it. */
    public record Decision(boolean allowed, String why, String remedy) {

        static final Decision ALLOWED = new Decision(true, null, null);

        /** "{@code target} refused by the egress policy (why); remedy", for a check's or reaction's reason. */
        public String reason(String target) {
            return target + " refused by the egress policy (" + why + "); " + remedy;
        }
    }

    /**
     * One of CloudRoutes' own endpoints, refused whatever is allowed.
     *
     * @param label what it is, e.g. "CloudRoutes' own Redis"
     * @param block the address or range it listens on, or null for every address of this host
     * @param port  its port, or 0 for every port
     */
    public record OwnAddress(String label, IPAddress block, int port) {

        boolean matches(IPAddress address, int candidatePort, Set<IPAddress> thisHost) {
            if (port != 0 && port != candidatePort) {
                return false;
            }
            if (block == null) {
                return address.isLoopback() || address.isZero() || thisHost.contains(address);
            }
            return block.getIPVersion() == address.getIPVersion() && block.contains(address);
        }
    }

    private record Special(IPAddress block, String what) {}

    /** An IPv6 form that carries an IPv4 address. */
    private record Embedding(IPAddress block, String kind, int firstByte) {}

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allow_inet_aton(false)
            .allowLeadingZeros(false)
            .getParentBuilder()
            .toParams();

    private static final List<Special> SPECIAL = List.of(
            special("0.0.0.0/8", "\"this network\", which reaches this host"),
            special("10.0.0.0/8", "private"),
            special("100.64.0.0/10", "shared address space"),
            special("127.0.0.0/8", "loopback"),
            special("169.254.0.0/16", "link-local"),
            special("172.16.0.0/12", "private"),
            special("192.0.0.0/24", "IETF protocol assignments"),
            special("192.0.2.0/24", "documentation"),
            special("192.88.99.0/24", "reserved (6to4 relay)"),
            special("192.168.0.0/16", "private"),
            special("198.18.0.0/15", "benchmarking"),
            special("198.51.100.0/24", "documentation"),
            special("203.0.113.0/24", "documentation"),
            special("224.0.0.0/4", "multicast"),
            special("255.255.255.255/32", "broadcast"),
            special("240.0.0.0/4", "reserved"),
            special("::/128", "unspecified, which reaches this host"),
            special("::1/128", "loopback"),
            special("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
            special("100::/64", "discard-only"),
            special("100:0:0:1::/64", "reserved (dummy prefix)"),
            special("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID)"),
            special("2001:db8::/32", "documentation"),
            special("3fff::/20", "documentation"),
            special("5f00::/16", "reserved (segment routing)"),
            special("fc00::/7", "unique local"),
            special("fe80::/10", "link-local"),
            special("fec0::/10", "site-local"),
            special("ff00::/8", "multicast"));

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(block("::ffff:0:0/96"), "an IPv4-mapped", 12),
            new Embedding(block("::ffff:0:0:0/96"), "an IPv4-translated", 12),
            new Embedding(block("64:ff9b::/96"), "a NAT64", 12),
            new Embedding(block("2002::/16"), "a 6to4", 2),
            // after ::/128 and ::1/128, which decide() treats as themselves
            new Embedding(block("::/96"), "an IPv4-compatible", 12));

    /**
     * The instance metadata services of the clouds CloudRoutes may run in: AWS (IMDS, ECS and EKS credentials, time
     * and DNS), GCP, Azure (IMDS and the WireServer), OpenStack, DigitalOcean, Hetzner, Oracle, Alibaba, Tencent.
     */
    private static final Set<IPAddress> METADATA = Set.of(
            single("169.254.169.254"),
            single("169.254.170.2"),
            single("169.254.170.23"),
            single("169.254.169.123"),
            single("169.254.169.253"),
            single("169.254.0.23"),
            single("168.63.129.16"),
            single("192.0.0.192"),
            single("100.100.100.200"),
            single("fd00:ec2::254"),
            single("fd00:ec2::23"),
            single("fd00:ec2::123"),
            single("fd00:ec2::253"));

    private final List<IPAddress> allowed;
    private final List<Path> allowedSockets;
    private final List<OwnAddress> own;
    private final Set<IPAddress> thisHost;

    private EgressPolicy(
            List<IPAddress> allowed, List<Path> allowedSockets, List<OwnAddress> own, Set<IPAddress> thisHost) {
        this.allowed = List.copyOf(allowed);
        this.allowedSockets = List.copyOf(allowedSockets);
        this.own = List.copyOf(own);
        this.thisHost = Set.copyOf(thisHost);
    }

    /** Refuses every special-purpose address; opens nothing. */
    public static EgressPolicy denyByDefault() {
        return new EgressPolicy(List.of(), List.of(), List.of(), Set.of());
    }

    /**
     * The policy that opens what {@code value} lists: CIDR ranges or single addresses separated by commas (e.g.
     * {@code 10.0.0.0/8,127.0.0.0/8}), and absolute Unix socket paths (a path ending in {@code /} opens the sockets in
     * that directory). Blank opens nothing.
     *
     * @param source the setting's name, for the messages, e.g. {@value #ALLOW_VARIABLE}
     * @throws IllegalArgumentException naming the entry that is not a range and how to write it
     */
    public static EgressPolicy allowing(String value, String source) {
        List<IPAddress> ranges = new ArrayList<>();
        List<Path> sockets = new ArrayList<>();
        for (String entry : entries(value)) {
            if (entry.startsWith("/")) {
                sockets.add(Path.of(entry).normalize());
                if (entry.endsWith("/")) {
                    // Path drops the trailing slash; keep "a directory" as a marker of its own
                    sockets.set(sockets.size() - 1, Path.of(entry, "*").normalize());
                }
                continue;
            }
            ranges.add(range(entry, source));
        }
        return new EgressPolicy(ranges, sockets, List.of(), Set.of());
    }

    /** Comma-separated, blank entries skipped. */
    static List<String> entries(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.split(",")).stream()
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .toList();
    }

    /** One CIDR range or address, written the standard way (no inet_aton forms, no masks, no host bits). */
    static IPAddress range(String entry, String source) {
        IPAddress address;
        try {
            address = new IPAddressString(entry, STRICT).toAddress();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException(source + ": '" + entry + "' is not an address range (" + e.getMessage()
                    + "); write CIDR ranges separated by commas, e.g. 10.0.0.0/8,127.0.0.0/8");
        }
        if (address.isIPv6() && address.toIPv6().hasZone()) {
            throw new IllegalArgumentException(source + ": '" + entry + "' names an interface (%); write the range "
                    + "without it, e.g. fe80::/10");
        }
        if (address.getNetworkPrefixLength() != null && !address.isPrefixBlock()) {
            throw new IllegalArgumentException(source + ": '" + entry + "' has bits set after its prefix length; did "
                    + "you mean " + address.toPrefixBlock().toCanonicalString() + "?");
        }
        return address.getNetworkPrefixLength() == null ? address.toPrefixBlock(address.getBitCount()) : address;
    }

    /** This policy with CloudRoutes' own endpoints, and the addresses of this host that reach its listeners. */
    public EgressPolicy withOwn(List<OwnAddress> ownAddresses, Set<IPAddress> thisHostAddresses) {
        return new EgressPolicy(allowed, allowedSockets, ownAddresses, thisHostAddresses);
    }

    /** Whether the operator opened nothing. */
    public boolean opensNothing() {
        return allowed.isEmpty() && allowedSockets.isEmpty();
    }

    /** Whether CloudRoutes may connect to {@code address} on {@code port} for a tenant. */
    public Decision decide(InetAddress address, int port) {
        IPAddress raw = of(address);
        IPAddress subject = raw;
        String carried = "";
        if (raw.isIPv6() && !raw.isZero() && !raw.isLoopback()) {
            for (Embedding embedding : EMBEDDINGS) {
                if (embedding.block().contains(raw)) {
                    byte[] bytes = raw.getBytes();
                    subject = new IPv4Address(new byte[] {
                        bytes[embedding.firstByte()],
                        bytes[embedding.firstByte() + 1],
                        bytes[embedding.firstByte() + 2],
                        bytes[embedding.firstByte() + 3]
                    });
                    carried = ": " + subject + " in " + embedding.kind() + " address";
                    break;
                }
            }
        }
        for (OwnAddress endpoint : own) {
            if (endpoint.matches(subject, port, thisHost)) {
                return new Decision(false, endpoint.label() + carried, "CloudRoutes' own endpoints are never allowed");
            }
        }
        if (METADATA.contains(subject)) {
            IPAddress exact = subject;
            if (allowed.stream().anyMatch(range -> isSingle(range) && range.contains(exact))) {
                return Decision.ALLOWED;
            }
            String named = subject + (subject.isIPv4() ? "/32" : "/128");
            return new Decision(
                    false,
                    "cloud metadata service" + carried,
                    remedy(named) + " (metadata addresses open only when named exactly)");
        }
        for (IPAddress range : allowed) {
            if (range.getIPVersion() == subject.getIPVersion() && range.contains(subject)) {
                return Decision.ALLOWED;
            }
        }
        for (Special special : SPECIAL) {
            if (special.block().getIPVersion() == subject.getIPVersion()
                    && special.block().contains(subject)) {
                return new Decision(
                        false, special.what() + carried, remedy(special.block().toCanonicalString()));
            }
        }
        return Decision.ALLOWED;
    }

    /** Whether a tenant's Unix socket path may be used: only one the operator listed, or one in a listed directory. */
    public Decision decideUnixSocket(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        for (Path opened : allowedSockets) {
            boolean directory = opened.getFileName() != null
                    && opened.getFileName().toString().equals("*");
            if (directory
                    ? normalized.getParent() != null && normalized.getParent().equals(opened.getParent())
                    : normalized.equals(opened)) {
                return Decision.ALLOWED;
            }
        }
        return new Decision(false, "a Unix socket on the host CloudRoutes runs on", remedy(normalized.toString()));
    }

    private String remedy(String entry) {
        return opensNothing()
                ? "set " + ALLOW_VARIABLE + "=" + entry + " to allow it"
                : "add " + entry + " to " + ALLOW_VARIABLE + " to allow it";
    }

    /** The address as the IPAddress library sees it, without an IPv6 zone. */
    static IPAddress of(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return new IPv4Address(v4);
        }
        return new IPv6Address(address.getAddress());
    }

    private static boolean isSingle(IPAddress range) {
        return range.getNetworkPrefixLength() != null && range.getNetworkPrefixLength() == range.getBitCount();
    }

    private static Special special(String block, String what) {
        return new Special(block(block), what);
    }

    private static IPAddress block(String text) {
        return new IPAddressString(text).getAddress();
    }

    private static IPAddress single(String text) {
        return new IPAddressString(text).getAddress().withoutPrefixLength();
    }
}
