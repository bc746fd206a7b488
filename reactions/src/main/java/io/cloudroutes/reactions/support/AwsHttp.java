package io.cloudroutes.reactions.support;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.GuardedConnections;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;

/**
 * The HTTP client of the AWS SDK clients the AWS reactions make for each run: Apache HttpClient, whose host lookups
 * the egress guard answers, so that the endpoint (AWS's own, or an endpoint override a tenant typed) is reached only
 * when the guard allows it, at the address it checked. No proxy: a proxy would resolve the endpoint where the guard
 * cannot see.
 */
public final class AwsHttp {

    private AwsHttp() {}

    /** A client builder through {@code egress}; {@code socketTimeout} bounds a stuck read, the SDK call has its own. */
    public static SdkHttpClient.Builder<?> through(Egress egress, Duration connectTimeout, Duration socketTimeout) {
        return Apache5HttpClient.builder()
                .dnsResolver(GuardedConnections.resolver(egress))
                .proxyConfiguration(ProxyConfiguration.builder()
                        .useSystemPropertyValues(false)
                        .useEnvironmentVariableValues(false)
                        .build())
                .connectionTimeout(connectTimeout)
                .socketTimeout(socketTimeout);
    }
}
