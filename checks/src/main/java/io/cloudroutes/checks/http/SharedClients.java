package io.cloudroutes.checks.http;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.GuardedConnections;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;

/**
 * The HTTP clients every http monitor of a worker shares (one set per egress guard): one that verifies certificates
 * and one that accepts any. Every connection goes through the guard: its host is looked up once by the guard, which
 * refuses what the policy refuses and hands the client exactly the addresses it checked; the sockets themselves check
 * the address again as they connect, so no other path (a literal address, a future client feature) goes around it.
 *
 * <p>Apache HttpClient 5 rather than the JDK client: the JDK client refuses a Host header unless a JVM-wide system
 * property is set before its classes load, and fixes redirects and TLS per client. Here everything a monitor chooses
 * is decided per request (redirects are followed by {@link HttpCheck} itself, timeouts are request settings, the Host
 * override is the request's authority), except certificate checking, which belongs to a connection; so the two trust
 * choices get two clients with separate connection pools, and a connection set up without verification can never be
 * handed to a monitor that verifies. No state is kept between requests either: cookies, authentication caches and
 * retries are off, and connections are never reused. A health check on a fresh connection sees what a new visitor
 * sees: the current DNS answer (which a failover changes), a listener that still accepts, the certificate served now;
 * a kept-alive connection would hide all three, and a stale one would cause false failures.
 */
final class SharedClients {

    static final String PROGRESS = "cloudroutes.http.progress";

    // Each check's own deadline ends a run (HttpCheck aborts the request); these only make sure a socket abandoned
    // by a run that was given up on is closed eventually.
    private static final ConnectionConfig SAFETY_NET = ConnectionConfig.custom()
            .setConnectTimeout(10, TimeUnit.MINUTES)
            .setSocketTimeout(10, TimeUnit.MINUTES)
            .build();

    final CloseableHttpClient verifying;
    final CloseableHttpClient acceptingAnyCertificate;

    SharedClients(X509ExtendedTrustManager trusted, Egress egress) {
        verifying = build(
                egress,
                new DefaultClientTlsStrategy(
                        TlsTrust.context(new TlsTrust.Explaining(trusted)),
                        HostnameVerificationPolicy.BUILTIN,
                        NoopHostnameVerifier.INSTANCE));
        acceptingAnyCertificate = build(
                egress,
                new DefaultClientTlsStrategy(
                        TlsTrust.context(new TlsTrust.AcceptingAll()),
                        HostnameVerificationPolicy.CLIENT,
                        NoopHostnameVerifier.INSTANCE));
    }

    void close() {
        verifying.close(CloseMode.IMMEDIATE);
        acceptingAnyCertificate.close(CloseMode.IMMEDIATE);
    }

    private static CloseableHttpClient build(Egress egress, DefaultClientTlsStrategy tls) {
        return HttpClientBuilder.create()
                .setConnectionManager(GuardedConnections.through(egress)
                        .setTlsSocketStrategy(tls)
                        .setDefaultConnectionConfig(SAFETY_NET)
                        // The pool only tracks open connections here (none is reused), so it must not make checks
                        // queue.
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(100_000)
                        .setMaxConnPerRoute(100_000)
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                // Runs once the connection (TCP and TLS) is up, so that a timeout can say which half never happened.
                .addExecInterceptorAfter(
                        ChainElement.CONNECT.name(), "cloudroutes-connected", (request, scope, chain) -> {
                            if (scope.clientContext.getAttribute(PROGRESS) instanceof HttpCheck.Progress progress) {
                                progress.connected();
                            }
                            return chain.proceed(request, scope);
                        })
                .build();
    }
}
