package io.cloudroutes.core.egress;

import java.net.UnknownHostException;

/**
 * A connection the egress policy refuses; the message is the reason users read, e.g. {@code 127.0.0.1:6379 refused by
 * the egress policy (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it}.
 *
 * <p>An {@link UnknownHostException} so that it passes through every resolver hook of the libraries the guard plugs
 * into (Apache HttpClient's and Lettuce's {@code DnsResolver} may throw nothing else), and so that code which reports a
 * failed lookup never goes on to connect.
 */
public final class EgressRefusedException extends UnknownHostException {

    public EgressRefusedException(String reason) {
        super(reason);
    }
}
