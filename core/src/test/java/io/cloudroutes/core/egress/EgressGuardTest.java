package io.cloudroutes.core.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The egress policy and guard on their own: what is refused by default and why, every spelling of a refused address,
 * what the operator's setting opens and what it never opens. Addresses outside loopback are only ever decided here,
 * by the policy function and the guard's parser; no socket is opened to them.
 */
class EgressGuardTest {

    /** A resolver that must not be asked: an address literal is never looked up. */
    private static final HostResolver NO_LOOKUPS = name -> {
        throw new AssertionError("looked up " + name);
    };

    private static Egress denyByDefault() {
        return Egress.of(EgressPolicy.denyByDefault(), NO_LOOKUPS);
    }

    private static String refusal(Egress egress, String host, int port) {
        try {
            egress.resolve(host, port);
        } catch (EgressRefusedException e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            throw new AssertionError("not refused but unknown: " + e.getMessage(), e);
        }
        throw new AssertionError(host + " was allowed");
    }

    private static InetAddress address(String literal) {
        return Egress.literal(literal);
    }

    @Test
    void aLoopbackTargetIsRefusedWithTheSettingThatAllowsIt() {
        assertThat(refusal(denyByDefault(), "127.0.0.1", 3000))
                .isEqualTo("127.0.0.1:3000 refused by the egress policy"
                        + " (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
    }

    @Test
    void aNameIsRefusedWithTheAddressItResolvedTo() {
        Egress egress = Egress.of(EgressPolicy.denyByDefault(), name -> List.of(address("127.0.0.1")));

        assertThat(refusal(egress, "localhost", 3000))
                .isEqualTo("localhost:3000 (127.0.0.1) refused by the egress"
                        + " policy (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
    }

    @Test
    void aNameWithOneRefusedAddressAmongAllowedOnesIsRefusedWhole() {
        Egress egress =
                Egress.of(EgressPolicy.denyByDefault(), name -> List.of(address("93.184.216.34"), address("10.1.2.3")));

        assertThat(refusal(egress, "mixed.example.com", 443))
                .startsWith("mixed.example.com:443 (10.1.2.3) refused by" + " the egress policy (private)");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.0.0.0|\"this network\", which reaches this host|0.0.0.0/8",
                "10.0.0.1|private|10.0.0.0/8",
                "100.64.0.1|shared address space|100.64.0.0/10",
                "127.0.0.1|loopback|127.0.0.0/8",
                "127.255.255.254|loopback|127.0.0.0/8",
                "169.254.1.1|link-local|169.254.0.0/16",
                "172.16.0.1|private|172.16.0.0/12",
                "172.31.255.255|private|172.16.0.0/12",
                "192.0.0.8|IETF protocol assignments|192.0.0.0/24",
                "192.0.2.1|documentation|192.0.2.0/24",
                "192.168.1.1|private|192.168.0.0/16",
                "198.18.0.1|benchmarking|198.18.0.0/15",
                "224.0.0.1|multicast|224.0.0.0/4",
                "239.255.255.250|multicast|224.0.0.0/4",
                "240.0.0.1|reserved|240.0.0.0/4",
                "255.255.255.255|broadcast|255.255.255.255/32",
                "::|unspecified, which reaches this host|::/128",
                "::1|loopback|::1/128",
                "fe80::1|link-local|fe80::/10",
                "fc00::1|unique local|fc00::/7",
                "fd12:3456::1|unique local|fc00::/7",
                "fec0::1|site-local|fec0::/10",
                "ff02::1|multicast|ff00::/8",
                "2001:db8::1|documentation|2001:db8::/32",
                "2001::1|IETF protocol assignments (Teredo, benchmarking, ORCHID)|2001::/23",
                "64:ff9b:1::a|local-use IPv4/IPv6 translation|64:ff9b:1::/48",
                "100::1|discard-only|100::/64"
            })
    void everySpecialPurposeRangeIsRefusedByDefaultNamingWhatItIs(String literal, String what, String range) {
        EgressPolicy.Decision decision = EgressPolicy.denyByDefault().decide(address(literal), 80);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.why()).isEqualTo(what);
        assertThat(decision.remedy()).isEqualTo("set CLOUDROUTES_EGRESS_ALLOW=" + range + " to allow it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"})
    void publicAddressesAreAllowed(String literal) {
        assertThat(EgressPolicy.denyByDefault().decide(address(literal), 443).allowed())
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // one 32-bit number, decimal, hexadecimal, octal
                "2130706433|127.0.0.1",
                "0x7f000001|127.0.0.1",
                "017700000001|127.0.0.1",
                // fewer parts (the last one fills the rest), octal and hexadecimal parts
                "127.1|127.0.0.1",
                "127.0.1|127.0.0.1",
                "0x7f.1|127.0.0.1",
                "0177.0.0.1|127.0.0.1",
                "0177.1|127.0.0.1",
                "0x7F.0x0.0x0.0x1|127.0.0.1",
                "167772161|10.0.0.1",
                "012.0.0.1|10.0.0.1",
                "0xa.0.0.1|10.0.0.1",
                "10.1|10.0.0.1",
                "0x0a000001|10.0.0.1",
                "2852039166|169.254.169.254",
                "0xA9FEA9FE|169.254.169.254",
                "0251.0376.0251.0376|169.254.169.254",
                "169.254.43518|169.254.169.254",
                "0xa9.0xfe.0xa9.0xfe|169.254.169.254",
                "3232235777|192.168.1.1",
                "0300.0250.1.1|192.168.1.1",
                "192.168.257|192.168.1.1",
                "0|0.0.0.0",
                "0x0|0.0.0.0"
            })
    void everyInetAtonSpellingIsTheAddressItSpellsAndIsRefusedAsThat(String spelling, String meant) {
        Egress egress = denyByDefault();
        EgressPolicy.Decision direct = EgressPolicy.denyByDefault().decide(address(meant), 80);

        assertThat(Egress.literal(spelling)).isEqualTo(address(meant));
        assertThat(refusal(egress, spelling, 80)).isEqualTo(direct.reason(spelling + ":80 (" + meant + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "::ffff:127.0.0.1|loopback",
                "::ffff:7f00:1|loopback",
                "[::ffff:127.0.0.1]|loopback",
                "::127.0.0.1|loopback: 127.0.0.1 in an IPv4-compatible address",
                "::ffff:0:127.0.0.1|loopback: 127.0.0.1 in an IPv4-translated address",
                "64:ff9b::127.0.0.1|loopback: 127.0.0.1 in a NAT64 address",
                "64:ff9b::7f00:1|loopback: 127.0.0.1 in a NAT64 address",
                "2002:7f00:1::|loopback: 127.0.0.1 in a 6to4 address",
                "::ffff:10.0.0.1|private",
                "::10.0.0.1|private: 10.0.0.1 in an IPv4-compatible address",
                "64:ff9b::10.0.0.1|private: 10.0.0.1 in a NAT64 address",
                "2002:a00:1::1|private: 10.0.0.1 in a 6to4 address",
                "::ffff:192.168.1.1|private",
                "64:ff9b::192.168.1.1|private: 192.168.1.1 in a NAT64 address",
                "::ffff:169.254.169.254|cloud metadata service",
                "64:ff9b::169.254.169.254|cloud metadata service: 169.254.169.254 in a NAT64 address",
                "2002:a9fe:a9fe::|cloud metadata service: 169.254.169.254 in a 6to4 address",
                "::ffff:100.64.0.1|shared address space",
                "64:ff9b::a9fe:101|link-local: 169.254.1.1 in a NAT64 address"
            })
    void everyIpv6FormThatCarriesARefusedIpv4AddressIsRefusedAsThatAddress(String spelling, String why) {
        String reason = refusal(denyByDefault(), spelling, 80);

        assertThat(reason).contains("refused by the egress policy (" + why + ")");
    }

    @Test
    void ipv6FormsCarryingAPublicIpv4AddressAreJudgedAsThatAddress() {
        EgressPolicy policy = EgressPolicy.denyByDefault();

        assertThat(policy.decide(address("64:ff9b::93.184.216.34"), 80).allowed())
                .isTrue();
        assertThat(policy.decide(address("2002:5db8:d822::1"), 80).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "169.254.170.2",
                "169.254.170.23",
                "100.100.100.200",
                "168.63.129.16",
                "192.0.0.192",
                "fd00:ec2::254",
                "fd00:ec2::23"
            })
    void metadataServicesOpenOnlyWhenNamedExactly(String metadata) {
        boolean v4 = !metadata.contains(":");
        String wide = v4 ? "0.0.0.0/0,169.254.0.0/16,100.64.0.0/10,192.0.0.0/24" : "::/0,fc00::/7,fd00::/8";
        EgressPolicy widely = EgressPolicy.allowing(wide, EgressPolicy.ALLOW_VARIABLE);
        EgressPolicy exactly = EgressPolicy.allowing(metadata + (v4 ? "/32" : "/128"), EgressPolicy.ALLOW_VARIABLE);
        EgressPolicy bare = EgressPolicy.allowing(metadata, EgressPolicy.ALLOW_VARIABLE);

        EgressPolicy.Decision refused = widely.decide(address(metadata), 80);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.why()).isEqualTo("cloud metadata service");
        assertThat(refused.remedy())
                .isEqualTo("add " + metadata + (v4 ? "/32" : "/128")
                        + " to CLOUDROUTES_EGRESS_ALLOW to allow it (metadata addresses open only when named exactly)");
        assertThat(EgressPolicy.denyByDefault().decide(address(metadata), 80).allowed())
                .isFalse();
        assertThat(exactly.decide(address(metadata), 80).allowed()).isTrue();
        assertThat(bare.decide(address(metadata), 80).allowed()).isTrue();
    }

    @Test
    void anAllowedRangeOpensWhatItContainsAndNothingElse() {
        EgressPolicy policy = EgressPolicy.allowing(" 10.0.0.0/8 , 127.0.0.0/8,", EgressPolicy.ALLOW_VARIABLE);

        assertThat(policy.decide(address("10.20.30.40"), 80).allowed()).isTrue();
        assertThat(policy.decide(address("127.0.0.2"), 80).allowed()).isTrue();
        assertThat(policy.decide(address("::ffff:10.1.1.1"), 80).allowed()).isTrue();
        assertThat(policy.decide(address("192.168.1.1"), 80).remedy())
                .isEqualTo("add 192.168.0.0/16 to CLOUDROUTES_EGRESS_ALLOW to allow it");
        assertThat(policy.decide(address("::1"), 80).allowed()).isFalse();
    }

    @Test
    void ownEndpointsStayRefusedInsideAnAllowedRange() throws UnknownHostException {
        List<OwnEndpoint> own = new ArrayList<>();
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own Redis", "redis://:secret@127.0.0.1:6379/0"));
        own.addAll(
                OwnEndpoint.fromUrl("CloudRoutes' own PostgreSQL", "jdbc:postgresql://db.internal:5432/cloudroutes"));
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own broker", "tcp://*:5556"));
        own.addAll(OwnEndpoint.fromUrl(
                "CloudRoutes' own Redis Sentinel",
                "redis-sentinel://cloudroutes-crweb:secret@127.0.0.1:26380,127.0.0.3/0#cloudroutes"));
        own.add(OwnEndpoint.thisHost("CloudRoutes' own web endpoint", 8080));
        Map<String, List<InetAddress>> dns = Map.of("db.internal", List.of(address("10.9.8.7")));
        Egress egress = Egress.of(
                EgressPolicy.allowing("127.0.0.0/8,10.0.0.0/8,0.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                own,
                name -> dns.get(name));

        assertThat(refusal(egress, "127.0.0.1", 6379))
                .isEqualTo("127.0.0.1:6379 refused by the egress policy"
                        + " (CloudRoutes' own Redis); CloudRoutes' own endpoints are never allowed");
        assertThat(refusal(egress, "127.0.0.2", 6379)).contains("(CloudRoutes' own Redis)");
        assertThat(refusal(egress, "0.0.0.0", 6379)).contains("(CloudRoutes' own Redis)");
        assertThat(refusal(egress, "::ffff:127.0.0.1", 6379)).contains("(CloudRoutes' own Redis)");
        assertThat(refusal(egress, "2130706433", 6379)).contains("(CloudRoutes' own Redis)");
        assertThat(refusal(egress, "10.9.8.7", 5432)).contains("(CloudRoutes' own PostgreSQL)");
        assertThat(refusal(egress, "127.0.0.1", 5556)).contains("(CloudRoutes' own broker)");
        assertThat(refusal(egress, "127.0.0.1", 8080)).contains("(CloudRoutes' own web endpoint)");
        assertThat(refusal(egress, "127.0.0.1", 26380)).contains("(CloudRoutes' own Redis Sentinel)");
        assertThat(refusal(egress, "127.0.0.3", 26379)).contains("(CloudRoutes' own Redis Sentinel)");
        assertThat(egress.resolve("127.0.0.1", 6380)).containsExactly(address("127.0.0.1"));
        assertThat(egress.resolve("10.9.8.7", 5433)).containsExactly(address("10.9.8.7"));
    }

    @Test
    void theDenyListNamesMoreOwnEndpointsAndRanges() throws UnknownHostException {
        Env env = Env.of(Map.of(
                "CLOUDROUTES_EGRESS_ALLOW",
                "10.0.0.0/8",
                "CLOUDROUTES_EGRESS_DENY",
                "10.0.5.0/24, 10.1.1.1:9101,[fd00::5]:6379"));
        Egress egress = Egress.fromEnv(env, List.of());

        assertThat(refusal(egress, "10.0.5.77", 443)).contains("(CloudRoutes' own endpoint)");
        assertThat(refusal(egress, "10.1.1.1", 9101)).contains("(CloudRoutes' own endpoint)");
        assertThat(egress.resolve("10.1.1.1", 9102)).containsExactly(address("10.1.1.1"));
        assertThatThrownBy(() -> OwnEndpoint.denied("cram-broker", OwnEndpoint.DENY_VARIABLE))
                .hasMessage("CLOUDROUTES_EGRESS_DENY: 'cram-broker' is neither host:port nor a CIDR range; write e.g."
                        + " cram-broker:9101,[fd00::5]:6379,10.0.5.0/24");
    }

    @Test
    void aMalformedAllowSettingStopsTheProcessNamingTheEntry() {
        assertThatThrownBy(() -> Egress.fromEnv(Env.of(Map.of("CLOUDROUTES_EGRESS_ALLOW", "10.0.0.1/8")), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CLOUDROUTES_EGRESS_ALLOW: '10.0.0.1/8' has bits set after its prefix length; did you mean"
                        + " 10.0.0.0/8?");
        assertThatThrownBy(() -> EgressPolicy.allowing("10.0.0.0/8;127.0.0.0/8", "CLOUDROUTES_EGRESS_ALLOW"))
                .hasMessageStartingWith("CLOUDROUTES_EGRESS_ALLOW: '10.0.0.0/8;127.0.0.0/8' is not an address range")
                .hasMessageEndingWith("write CIDR ranges separated by commas, e.g. 10.0.0.0/8,127.0.0.0/8");
        for (String wrong : List.of("banana", "10.0.0.0/33", "0177.0.0.1/32", "10.0.0.*", "127.1/32")) {
            assertThatThrownBy(() -> EgressPolicy.allowing(wrong, "CLOUDROUTES_EGRESS_ALLOW"))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("CLOUDROUTES_EGRESS_ALLOW: '" + wrong + "'");
        }
    }

    @Test
    void theGuardChecksWhatItResolvedOnceAndHandsOutExactlyThat() throws UnknownHostException {
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding name: allowed on the first answer, loopback on every later one
        HostResolver rebinding =
                name -> List.of(lookups.incrementAndGet() == 1 ? address("127.0.0.2") : address("127.0.0.1"));
        Egress egress = Egress.of(EgressPolicy.allowing("127.0.0.2/32", EgressPolicy.ALLOW_VARIABLE), rebinding);

        InetSocketAddress first = egress.address("rebind.test", 80);

        assertThat(first.getAddress()).isEqualTo(address("127.0.0.2"));
        assertThat(lookups).hasValue(1);
        assertThat(refusal(egress, "rebind.test", 80)).startsWith("rebind.test:80 (127.0.0.1) refused");
    }

    @Test
    void aGuardedSocketSendsNothingToARefusedAddress() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                Socket socket = denyByDefault().socket()) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                try {
                    listener.accept().close();
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    // the listener closes at the end of the test
                }
            });

            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 2000))
                    .isInstanceOf(EgressRefusedException.class)
                    .hasMessage("127.0.0.1:" + listener.getLocalPort() + " refused by the egress policy (loopback); set"
                            + " CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
            assertThat(socket.isConnected()).isFalse();
            assertThat(accepted).hasValue(0);
        }
    }

    @Test
    void unixSocketsAreRefusedUnlessTheOperatorListsThem() {
        EgressPolicy none = EgressPolicy.denyByDefault();
        EgressPolicy listed = EgressPolicy.allowing("/run/haproxy/admin.sock,/var/lib/haproxy/", "X");

        assertThat(none.decideUnixSocket(Path.of("/run/haproxy/admin.sock")).reason("/run/haproxy/admin.sock"))
                .isEqualTo("/run/haproxy/admin.sock refused by the egress policy (a Unix socket on the host CloudRoutes"
                        + " runs on); set CLOUDROUTES_EGRESS_ALLOW=/run/haproxy/admin.sock to allow it");
        assertThat(listed.decideUnixSocket(Path.of("/run/haproxy/admin.sock")).allowed())
                .isTrue();
        assertThat(listed.decideUnixSocket(Path.of("/var/lib/haproxy/stats")).allowed())
                .isTrue();
        assertThat(listed.decideUnixSocket(Path.of("/var/lib/haproxy/../../run/docker.sock"))
                        .allowed())
                .isFalse();
        assertThat(listed.decideUnixSocket(Path.of("/run/haproxy/other.sock")).allowed())
                .isFalse();
    }
}
