package io.cloudroutes.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.PluginType;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

class DnsCheckTest {

    private final DnsCheckType type = new DnsCheckType();
    private TestDnsServer dns;

    @BeforeEach
    void startDnsServer() throws IOException {
        dns = new TestDnsServer()
                .answer(a("shop.example.com.", "192.0.2.9"), a("shop.example.com.", "192.0.2.10"))
                .answer(new CNAMERecord(name("www.example.com."), DClass.IN, 60, name("Shop.Example.com.")))
                .answer(new AAAARecord(
                        name("v6.example.com."), DClass.IN, 60, InetAddress.getByName("2001:db8:0:0::1")))
                .answer(
                        new MXRecord(name("example.com."), DClass.IN, 60, 10, name("mail.example.com.")),
                        new MXRecord(name("example.com."), DClass.IN, 60, 20, name("mx2.example.com.")))
                .answer(
                        new TXTRecord(name("example.com."), DClass.IN, 60, "v=spf1 mx -all"),
                        new TXTRecord(name("example.com."), DClass.IN, 60, List.of("google-site-", "verification=abc")))
                .nxdomain(name("gone.example.com."))
                .servfail(name("broken.example.com."))
                .silent(name("slow.example.com."));
    }

    @AfterEach
    void stopDnsServer() throws IOException {
        dns.close();
    }

    private CheckOutcome check(String name, String recordType, String expected, Duration timeout) {
        Map<String, String> settings =
                new HashMap<>(Map.of("name", name, "recordType", recordType, "resolver", dns.address()));
        if (expected != null) {
            settings.put("expected", expected);
        }
        assertThat(type.validate(settings)).isEmpty();
        return type.create(settings, LoopbackServices.ALLOWED).run(timeout);
    }

    private CheckOutcome check(String name, String recordType, String expected) {
        return check(name, recordType, expected, Duration.ofSeconds(3));
    }

    @Test
    void healthyWithTheAnswersListed() {
        CheckOutcome outcome = check("shop.example.com", "A", null);
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("A records of shop.example.com: 192.0.2.9, 192.0.2.10");
    }

    @Test
    void healthyWhenEveryExpectedValueIsAmongTheAnswers() {
        CheckOutcome outcome = check("shop.example.com.", "A", "192.0.2.10\n\n  192.0.2.9  \n");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("A records of shop.example.com: 192.0.2.9, 192.0.2.10");
    }

    @Test
    void failsWhenAnExpectedAddressIsMissing() {
        CheckOutcome outcome = check("shop.example.com", "A", "192.0.2.9\n192.0.2.1");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("expected 192.0.2.1 among A records of shop.example.com but got 192.0.2.9, 192.0.2.10");
    }

    @Test
    void failsForANameThatDoesNotExist() {
        CheckOutcome outcome = check("gone.example.com", "A", null);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("NXDOMAIN for gone.example.com");
    }

    @Test
    void failsWhenTheResolverAnswersServfail() {
        CheckOutcome outcome = check("broken.example.com", "A", null);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("SERVFAIL from resolver " + dns.address() + " for broken.example.com");
    }

    @Test
    void failsWhenTheNameHasNoRecordsOfTheType() {
        CheckOutcome outcome = check("shop.example.com", "AAAA", null);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("no AAAA records for shop.example.com");
    }

    @Test
    void failsWhenTheResolverDoesNotAnswerWithinTheTimeout() {
        CheckOutcome outcome = check("slow.example.com", "A", null, Duration.ofMillis(300));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("resolver " + dns.address() + " did not answer within 300 ms");
    }

    @Test
    void failsWhenNothingListensOnTheResolverPort() throws IOException {
        int port;
        try (DatagramSocket unused = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = unused.getLocalPort();
        }
        Map<String, String> settings = Map.of("name", "shop.example.com", "resolver", "127.0.0.1:" + port);
        CheckOutcome outcome = type.create(settings, LoopbackServices.ALLOWED).run(Duration.ofSeconds(2));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("resolver 127.0.0.1:" + port + " is not listening (port unreachable)");
    }

    @Test
    void comparesCnameTargetsIgnoringCaseAndTheTrailingDot() {
        CheckOutcome outcome = check("www.example.com", "CNAME", "SHOP.example.COM.");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("CNAME records of www.example.com: shop.example.com");
        assertThat(check("www.example.com", "CNAME", "shop.example.net").reason())
                .isEqualTo("expected shop.example.net among CNAME records of www.example.com but got shop.example.com");
    }

    @Test
    void findsAddressesBehindACname() {
        CheckOutcome outcome = check("www.example.com", "A", "192.0.2.10");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("A records of www.example.com: 192.0.2.9, 192.0.2.10");
    }

    @Test
    void comparesIpv6AddressesByValueAndShowsThemShort() {
        CheckOutcome outcome = check("v6.example.com", "AAAA", "2001:0db8::0:1");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("AAAA records of v6.example.com: 2001:db8::1");
    }

    @Test
    void matchesMailHostsWithOrWithoutTheirPreference() {
        CheckOutcome outcome = check("example.com", "MX", "10 mail.example.com\nMX2.example.com.");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("MX records of example.com: 10 mail.example.com, 20 mx2.example.com");
        assertThat(check("example.com", "MX", "20 mail.example.com").reason())
                .isEqualTo(
                        "expected 20 mail.example.com among MX records of example.com but got 10 mail.example.com, 20 mx2.example.com");
    }

    @Test
    void comparesTxtRecordsExactlyWithTheirStringsJoined() {
        CheckOutcome outcome = check("example.com", "TXT", "google-site-verification=abc");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason())
                .isEqualTo("TXT records of example.com: \"v=spf1 mx -all\", \"google-site-verification=abc\"");
        assertThat(check("example.com", "TXT", "V=SPF1 mx -all").reason())
                .isEqualTo(
                        "expected \"V=SPF1 mx -all\""
                                + " among TXT records of example.com but got \"v=spf1 mx -all\", \"google-site-verification=abc\"");
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncatedAndListsOnlyTheFirstAnswers() throws Exception {
        List<ARecord> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(a("big.example.com.", "198.51.100." + i));
        }
        dns.answer(many.toArray(ARecord[]::new));
        CheckOutcome outcome = check("big.example.com", "A", "198.51.100.60");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason())
                .isEqualTo("A records of big.example.com: 198.51.100.1, 198.51.100.2, 198.51.100.3,"
                        + " 198.51.100.4, 198.51.100.5, 198.51.100.6, 198.51.100.7, 198.51.100.8, 198.51.100.9, 198.51.100.10"
                        + " and 50 more");
        assertThat(dns.tcpQueries()).isEqualTo(1);
    }

    @Test
    void rejectsValuesThatDoNotFitTheRecordType() {
        assertThat(type.validate(
                        Map.of("name", "shop.example.com", "recordType", "A", "expected", "192.0.2.1\n2001:db8::1")))
                .containsOnly(Map.entry(
                        "expected", "Expected values, line 2: '2001:db8::1' is not an IPv4 address like 192.0.2.1"));
        assertThat(type.validate(Map.of("name", "shop.example.com", "recordType", "AAAA", "expected", "192.0.2.1")))
                .containsOnly(Map.entry(
                        "expected", "Expected values, line 1: '192.0.2.1' is not an IPv6 address like 2001:db8::1"));
        assertThat(type.validate(
                        Map.of("name", "example.com", "recordType", "MX", "expected", "high mail.example.com")))
                .containsOnly(Map.entry(
                        "expected", "Expected values, line 1: 'high' is not a preference between 0 and 65535"));
        assertThat(type.validate(Map.of("name", "example.com", "recordType", "TXT", "expected", "anything goes here")))
                .isEmpty();
    }

    @Test
    void rejectsABadNameResolverAndRecordType() {
        Map<String, String> errors =
                type.validate(Map.of("name", "a..b", "recordType", "SRV", "resolver", "1.1.1.1:99999"));
        assertThat(errors).containsEntry("name", "Name: 'a..b' is not a domain name like shop.example.com");
        assertThat(errors)
                .containsEntry("recordType", "Record type must be one of A, AAAA, CNAME, MX, TXT")
                .containsEntry("resolver", "Resolver: port '99999' must be a number between 1 and 65535");
        assertThat(type.validate(Map.of())).containsOnly(Map.entry("name", "Name is required"));
        assertThat(type.validate(Map.of("name", "example.com", "resolver", "[2001:db8::53]:5353")))
                .isEmpty();
        assertThat(type.validate(Map.of("name", "example.com", "resolver", "http://ns1")))
                .containsOnlyKeys("resolver");
        assertThat(type.validate(Map.of("name", "https://shop.example.com/")))
                .containsOnly(Map.entry(
                        "name", "Name: 'https://shop.example.com/' is not a domain name like shop.example.com"));
        assertThat(type.validate(Map.of("name", "_dmarc.example.com", "recordType", "TXT")))
                .isEmpty();
        assertThat(type.validate(
                        Map.of("name", "bücher.example", "recordType", "CNAME", "expected", "shop.example.net")))
                .isEmpty();
    }

    @Test
    void asksForTheAsciiFormOfAnInternationalName() throws IOException {
        dns.answer(a("xn--bcher-kva.example.", "192.0.2.44"));
        CheckOutcome outcome = check("bücher.example", "A", "192.0.2.44");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).isEqualTo("A records of bücher.example: 192.0.2.44");
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(CheckType.registry().find("dns"))
                .get()
                .extracting(PluginType::name)
                .isEqualTo("DNS record");
    }

    private static ARecord a(String name, String address) {
        try {
            return new ARecord(name(name), DClass.IN, 60, InetAddress.getByName(address));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
