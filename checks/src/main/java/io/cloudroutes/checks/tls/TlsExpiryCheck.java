package io.cloudroutes.checks.tls;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.checks.support.SocketDeadline;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.SettingValues;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Opens a TLS connection and judges how long the server's certificate has left. Trust does not decide the status (an
 * internal CA or a self-signed certificate expires all the same) but the healthy reason says whether this worker
 * trusts the chain.
 */
final class TlsExpiryCheck implements Check {

    /**
     * Where to connect and how much validity must be left.
     *
     * @param serverName the SNI name to send, or null to send none (the host is an IP address)
     */
    record Config(String host, int port, String serverName, int minDaysLeft) {

        private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

        /**
         * The configuration of {@link TlsExpiryCheckType}'s settings, rejecting a server name that TLS cannot send (an
         * IP address, a name SNI does not allow).
         */
        static Config read(SettingValues values) {
            String host = values.text("host");
            String serverName = values.text("serverName");
            if (serverName != null) {
                if (isIpAddress(serverName)) {
                    values.reject(
                            "serverName",
                            "Server name (SNI) must be a host name: TLS does not send IP addresses as"
                                    + " server names; leave it empty to connect by address without one");
                } else {
                    try {
                        new SNIHostName(serverName);
                    } catch (IllegalArgumentException e) {
                        values.reject("serverName", "Server name (SNI) must be a host name like shop.example.com");
                    }
                }
            }
            if (values.anyRejected()) {
                return null;
            }
            return new Config(
                    host,
                    values.integer("port", 443),
                    serverName == null ? defaultServerName(host) : serverName,
                    values.integer("minDaysLeft", 14));
        }

        /** The host without a trailing dot, or none when it cannot be a server name (an IP address, an_underscore). */
        private static String defaultServerName(String host) {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (isIpAddress(name)) {
                return null;
            }
            try {
                new SNIHostName(name);
                return name;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static boolean isIpAddress(String host) {
            return IPV4.matcher(host).matches() || host.contains(":");
        }
    }

    private final Config config;
    private final Clock clock;
    private final X509ExtendedTrustManager trust;
    private final Egress egress;
    private final String target;

    TlsExpiryCheck(Config config, Clock clock, X509ExtendedTrustManager trust, Egress egress) {
        this.config = config;
        this.egress = egress;
        this.clock = clock;
        this.trust = trust;
        this.target = config.host() + ":" + config.port();
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = egress.socket();
                SocketDeadline deadline = SocketDeadline.start(socket, start, timeout)) {
            Optional<CheckOutcome> notConnected = deadline.connect(egress, config.host(), config.port(), timeout);
            if (notConnected.isPresent()) {
                return notConnected.get();
            }
            RecordingTrustManager recorder =
                    new RecordingTrustManager(trust, config.serverName() == null ? config.host() : config.serverName());
            X509Certificate leaf;
            try (SSLSocket tls = handshake(socket, recorder, deadline)) {
                Certificate[] chain = tls.getSession().getPeerCertificates();
                leaf = (X509Certificate) chain[0];
            } catch (IOException e) {
                return CheckOutcome.failed(handshakeFailure(e, deadline, timeout), elapsed(start));
            }
            return judge(leaf, recorder.distrust(), elapsed(start));
        } catch (IOException e) {
            return CheckOutcome.failed(Failures.describe(e, config.host(), config.port()), elapsed(start));
        }
    }

    private SSLSocket handshake(Socket socket, RecordingTrustManager recorder, SocketDeadline deadline)
            throws IOException {
        SSLContext context;
        try {
            // A context per run: the recorder belongs to this handshake, and no session is resumed from an earlier run.
            context = SSLContext.getInstance("TLS");
            context.init(null, new X509ExtendedTrustManager[] {recorder}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, config.host(), config.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(
                config.serverName() == null ? List.of() : List.of(new SNIHostName(config.serverName())));
        // Lets the recorder's trust manager check the name as a browser would; it never fails the handshake.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.remainingMillis());
        tls.startHandshake();
        return tls;
    }

    private String handshakeFailure(IOException e, SocketDeadline deadline, Duration timeout) {
        if (e instanceof SocketTimeoutException || deadline.expired()) {
            return "no TLS handshake with " + target + " within " + timeout.toMillis() + " ms";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException && message.contains("Unsupported or unrecognized SSL message")) {
            return target + " does not speak TLS (its reply is not a TLS handshake)";
        }
        return "TLS handshake with " + target + " failed: " + message;
    }

    private CheckOutcome judge(X509Certificate leaf, String distrust, long latency) {
        String certificate = "certificate " + subject(leaf.getSubjectX500Principal());
        Instant now = clock.instant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return CheckOutcome.failed(certificate + " is not valid before " + date(notBefore), latency);
        }
        if (!now.isBefore(notAfter)) {
            long daysAgo = Duration.between(notAfter, now).toDays();
            String ago = daysAgo == 0 ? "less than a day ago" : days(daysAgo) + " ago";
            return CheckOutcome.failed(certificate + " expired " + ago + " (" + date(notAfter) + ")", latency);
        }
        long daysLeft = Duration.between(now, notAfter).toDays();
        String expires = certificate + " expires in " + (daysLeft == 0 ? "less than a day" : days(daysLeft)) + " ("
                + date(notAfter) + ")";
        if (daysLeft < config.minDaysLeft()) {
            return CheckOutcome.failed(expires + ", less than the minimum " + config.minDaysLeft(), latency);
        }
        return CheckOutcome.healthy(
                expires + "; " + (distrust == null ? "trusted" : "not trusted: " + distrust), latency);
    }

    /** "CN=shop.example.com" when the subject has a common name, the whole subject otherwise. */
    private static String subject(X500Principal principal) {
        String name = principal.getName(X500Principal.RFC2253);
        try {
            for (Rdn rdn : new LdapName(name).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return "CN=" + rdn.getValue();
                }
            }
        } catch (InvalidNameException e) {
            // The JDK wrote it in RFC 2253 form itself; show it whole if it still does not parse.
        }
        return name.isEmpty() ? "with an empty subject" : name;
    }

    private static String days(long days) {
        return days == 1 ? "1 day" : days + " days";
    }

    private static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
