package io.cloudroutes.checks.tls;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any server certificate, so that the handshake completes and the expiry can be judged even for an untrusted
 * or expired one, and records what the worker's real trust manager thinks of it. One per handshake.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager judge;
    private final String name;
    private volatile String distrust = "not checked";

    /** {@code name} is the host name the certificate must be issued for: the SNI name, or the host. */
    RecordingTrustManager(X509ExtendedTrustManager judge, String name) {
        this.judge = judge;
        this.name = name;
    }

    /** null when the chain is trusted (and valid for the name asked for), otherwise why not. */
    String distrust() {
        return distrust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        record(() -> judge.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        record(() -> judge.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        record(() -> judge.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a check never accepts client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a check never accepts client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a check never accepts client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private interface Verdict {
        void check() throws CertificateException;
    }

    private void record(Verdict verdict) {
        try {
            verdict.check();
            distrust = null;
        } catch (CertificateException e) {
            distrust = describe(e);
        }
    }

    private String describe(CertificateException e) {
        String message = String.valueOf(e.getMessage());
        // The JDK's host name check says "No subject alternative DNS name matching x found." and the like.
        if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
            return "not issued for " + name;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertPathValidatorException invalid
                    && invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "a certificate in the chain has expired";
            }
            if (cause instanceof CertPathValidatorException invalid
                    && invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "a certificate in the chain is not yet valid";
            }
        }
        if (message.contains("PKIX path building failed")) {
            return "issued by a certificate authority this worker does not trust";
        }
        return message;
    }
}
