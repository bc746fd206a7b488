package io.cloudroutes.crweb.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolvers an operator names are IP addresses with an optional port, read once at start. */
class CustomDomainPropertiesTest {

    private static CustomDomainProperties resolvers(String... resolvers) {
        return new CustomDomainProperties(
                List.of(resolvers),
                Duration.ofSeconds(5),
                Duration.ofHours(3),
                Duration.ofHours(72),
                50,
                Duration.ofMinutes(1));
    }

    @Test
    void addressesWithAndWithoutPortsAreRead() {
        assertThat(resolvers("127.0.0.1", " 127.0.0.1:5353 ", "[::1]:5300", "").resolverAddresses())
                .containsExactly(
                        new InetSocketAddress("127.0.0.1", 53),
                        new InetSocketAddress("127.0.0.1", 5353),
                        new InetSocketAddress("::1", 5300));
        assertThat(resolvers().resolverAddresses()).as("none: the system's").isEmpty();
    }

    @Test
    void aHostNameOrABadPortIsRefusedSayingHowToWriteIt() {
        assertThatThrownBy(() -> resolvers("dns.example.com"))
                .hasMessageContaining("'dns.example.com' is not an IP address with an optional port");
        assertThatThrownBy(() -> resolvers("127.0.0.1:99999"))
                .hasMessageContaining("the port of '127.0.0.1:99999' must be a number between 1 and 65535");
    }
}
