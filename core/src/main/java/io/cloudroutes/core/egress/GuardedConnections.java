package io.cloudroutes.core.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;

/**
 * Apache HttpClient's connections through the egress guard, for the HTTP clients of checks and reactions: the guard
 * answers the client's host lookups (once per connection, every address checked) and makes its sockets, which check
 * the address again as they connect. Response headers are limited too, since a client reads them into memory whole.
 */
public final class GuardedConnections extends PoolingHttpClientConnectionManagerBuilder {

    private final Egress egress;

    private GuardedConnections(Egress egress) {
        this.egress = egress;
    }

    // A server cannot make a client hold more than this of its response headers.
    private static final Http1Config HEADER_LIMITS = Http1Config.custom()
            .setMaxLineLength(16 * 1024)
            .setMaxHeaderCount(200)
            .build();

    /** A connection manager builder whose lookups and sockets are the guard's, with response headers limited. */
    public static PoolingHttpClientConnectionManagerBuilder through(Egress egress) {
        return new GuardedConnections(egress)
                .setDnsResolver(resolver(egress))
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(HEADER_LIMITS)
                        .build());
    }

    /** The guard as Apache HttpClient's resolver, for clients that take only a resolver (the AWS SDK's). */
    public static DnsResolver resolver(Egress egress) {
        return new GuardedDnsResolver(egress);
    }

    @Override
    protected HttpClientConnectionOperator createConnectionOperator(
            SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
        return new DefaultHttpClientConnectionOperator(
                proxy -> egress.socket(),
                ports,
                dns,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, tls)
                        .build());
    }

    private record GuardedDnsResolver(Egress egress) implements DnsResolver {

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return egress.resolve(host, port).stream()
                    .map(address -> new InetSocketAddress(address, port))
                    .toList();
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            // no port here: the range is checked now, the port by the socket as it connects
            return egress.resolve(host, 0).toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
