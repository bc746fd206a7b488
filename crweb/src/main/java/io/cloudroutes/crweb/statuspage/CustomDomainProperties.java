package io.cloudroutes.crweb.statuspage;

import jakarta.validation.constraints.NotNull;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xbill.DNS.Address;

/**
 * How the custom domains of status pages are proved, bound from {@code cloudroutes.status-pages.*} (environment:
 * CLOUDROUTES_STATUS_PAGES_…).
 *
 * @param dnsResolvers   the resolvers asked for a domain's TXT record, as IP addresses with an optional port
 *                       ({@code 10.0.0.2}, {@code 10.0.0.2:5353}, {@code [2001:db8::53]:53}); empty: the system's
 * @param dnsTimeout     how long one look-up may take, all resolvers together
 * @param domainRecheck  how often each domain is looked up again in the background: pending ones until proved,
 *                       verified ones to notice a record that was taken away
 * @param domainGrace    how long a verified domain's record may be missing before the domain is unverified (and no
 *                       longer served)
 * @param recheckBatch   at most this many domains are looked up per background round
 * @param recheckRound   how often a background round looks for domains due a look-up; {@code 0s}: never
 */
@Validated
@ConfigurationProperties("cloudroutes.status-pages")
record CustomDomainProperties(
        @DefaultValue List<String> dnsResolvers,
        @NotNull @DefaultValue("5s") Duration dnsTimeout,
        @NotNull @DefaultValue("3h") Duration domainRecheck,
        @NotNull @DefaultValue("72h") Duration domainGrace,
        @DefaultValue("50") int recheckBatch,
        @NotNull @DefaultValue("1m") Duration recheckRound) {

    CustomDomainProperties {
        dnsResolvers = dnsResolvers == null
                ? List.of()
                : dnsResolvers.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (dnsTimeout != null
                && (dnsTimeout.compareTo(Duration.ofMillis(100)) < 0
                        || dnsTimeout.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.dns-timeout must be between 100ms and 1m, got " + dnsTimeout);
        }
        if (domainRecheck != null && domainRecheck.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.domain-recheck must be at least 1m, got " + domainRecheck);
        }
        if (domainGrace != null && domainGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.domain-grace must not be negative, got " + domainGrace);
        }
        if (recheckBatch < 1 || recheckBatch > 1000) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.recheck-batch must be between 1 and 1000, got " + recheckBatch);
        }
        if (recheckRound != null && recheckRound.isNegative()) {
            throw new IllegalArgumentException(
                    "cloudroutes.status-pages.recheck-round must not be negative, got " + recheckRound);
        }
        resolverAddresses(dnsResolvers);
    }

    /** The configured resolvers as socket addresses; IP addresses only, so that no name is looked up to find them. */
    List<InetSocketAddress> resolverAddresses() {
        return resolverAddresses(dnsResolvers);
    }

    private static List<InetSocketAddress> resolverAddresses(List<String> resolvers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String resolver : resolvers) {
            String host = resolver;
            int port = 53;
            if (resolver.startsWith("[") && resolver.contains("]")) {
                host = resolver.substring(1, resolver.indexOf(']'));
                String rest = resolver.substring(resolver.indexOf(']') + 1);
                port = rest.isEmpty() ? 53 : port(resolver, rest.startsWith(":") ? rest.substring(1) : rest);
            } else if (resolver.chars().filter(c -> c == ':').count() == 1) {
                host = resolver.substring(0, resolver.indexOf(':'));
                port = port(resolver, resolver.substring(resolver.indexOf(':') + 1));
            }
            try {
                addresses.add(new InetSocketAddress(Address.getByAddress(host), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cloudroutes.status-pages.dns-resolvers: '" + resolver
                        + "' is not an IP address with an optional port, e.g. 10.0.0.2:53 or [2001:db8::53]:53");
            }
        }
        return List.copyOf(addresses);
    }

    private static int port(String resolver, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("cloudroutes.status-pages.dns-resolvers: the port of '" + resolver
                + "' must be a number between 1 and 65535");
    }
}
