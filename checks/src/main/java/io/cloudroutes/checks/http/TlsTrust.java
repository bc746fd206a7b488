package io.cloudroutes.checks.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The two ways an http check treats server certificates: verified with a clear reason when not, or accepted blindly. */
final class TlsTrust {

    private TlsTrust() {}

    /** A certificate was refused; the message is the reason users read, after "TLS handshake failed: ". */
    static final class CertificateRefused extends CertificateException {
        CertificateRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The JVM's default trust store (cacerts) as an extended trust manager. */
    static X509ExtendedTrustManager systemDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JVM offers no X509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's trusted certificates", e);
        }
    }

    static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /**
     * Verifies like the delegate, but says which check failed: the chain is validated first without the host name, so
     * an untrusted or expired certificate is told apart from one issued for another name.
     */
    static final class Explaining extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;

        Explaining(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            validateChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                        ? ssl.getHandshakeSession().getPeerHost()
                        : null;
                throw new CertificateRefused(mismatch(chain[0], host), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            validateChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw new CertificateRefused(mismatch(chain[0], engine == null ? null : engine.getPeerHost()), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            validateChain(chain, authType);
        }

        private void validateChain(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
                // PKIX does not check the dates of a certificate that is itself trusted (a pinned self-signed one);
                // an expired certificate is still a failure users need to hear about.
                chain[0].checkValidity();
            } catch (CertificateException e) {
                throw new CertificateRefused(untrusted(chain), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /**
     * Accepts every certificate for every name: for self-signed internal endpoints, chosen per monitor. Extending the
     * extended trust manager keeps JSSE from adding a host name check of its own.
     */
    static final class AcceptingAll extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static String untrusted(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return "the server sent no certificate";
        }
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return "certificate expired on " + leaf.getNotAfter().toInstant() + " (" + subject + ")";
        } catch (CertificateNotYetValidException e) {
            return "certificate not valid before " + leaf.getNotBefore().toInstant() + " (" + subject + ")";
        }
        String issuer = chain[chain.length - 1].getIssuerX500Principal().getName();
        if (chain.length == 1 && issuer.equals(subject)) {
            return "certificate not trusted (self-signed: " + subject + ")";
        }
        return "certificate not trusted (" + subject + " issued by " + issuer + ", which this worker does not trust)";
    }

    private static String mismatch(X509Certificate leaf, String host) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    // 2 is a DNS name, 7 an IP address (RFC 5280 GeneralName).
                    if (entry.size() == 2
                            && (Integer.valueOf(2).equals(entry.get(0))
                                    || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // Fall back to the subject below.
        }
        String issuedFor = names.isEmpty() ? leaf.getSubjectX500Principal().getName() : String.join(", ", names);
        return "certificate does not match " + (host == null ? "the host name" : host) + " (it is for " + issuedFor
                + ")";
    }
}
