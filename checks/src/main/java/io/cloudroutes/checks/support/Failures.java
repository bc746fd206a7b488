package io.cloudroutes.checks.support;

import io.cloudroutes.core.egress.EgressRefusedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/** Turns network exceptions into the reasons users read on a FAILED monitor. */
public final class Failures {

    private Failures() {}

    /**
     * Looks through the whole cause chain: the JDK HTTP client, JDBC, Lettuce and the TLS handshake wrap the telling
     * exception in others. A refusal by the egress policy wins over everything, then an unknown host (which the HTTP
     * client reports as a refused connection caused by it).
     */
    public static String describe(Throwable error, String host, int port) {
        String target = host + ":" + port;
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof EgressRefusedException refused) {
                return refused.getMessage();
            }
        }
        // The client reports an unresolvable host as a ConnectException caused by it: look for it first.
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host " + host;
            }
        }
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof HttpConnectTimeoutException || cause instanceof SocketTimeoutException) {
                return "no connection to " + target + " within the timeout";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to " + target;
            }
            if (cause instanceof ConnectException) {
                return "connection refused to " + target;
            }
            if (cause instanceof SSLException) {
                return "TLS error with " + target + ": " + cause.getMessage();
            }
        }
        String message = error.getMessage();
        return "could not reach " + target + ": " + error.getClass().getSimpleName()
                + (message == null ? "" : " " + message);
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
