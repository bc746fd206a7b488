package io.cloudroutes.core.zmq;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.KeyAgreement;

/**
 * A CURVE (Curve25519) key pair of one process of the plane, both keys as 64 hexadecimal digits, the form they take in
 * the environment (hex needs no quoting in a shell, a compose file or an env file, unlike Z85). The public key is
 * derived from the secret one, so that a process is configured with its secret key alone.
 */
public record CurveKeyPair(String publicKey, String secretKey) {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh key pair. */
    public static CurveKeyPair generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return fromSecretKey(HEX.formatHex(secret), "a generated key");
    }

    /** The key pair of {@code secretKey}; a key that is not 64 hex digits stops the process, naming {@code setting}. */
    public static CurveKeyPair fromSecretKey(String secretKey, String setting) {
        byte[] secret = decode(secretKey, setting);
        return new CurveKeyPair(HEX.formatHex(publicKeyOf(secret)), HEX.formatHex(secret));
    }

    /** The 32 bytes of a key given as 64 hex digits; anything else stops the process with a message naming {@code setting}. */
    public static byte[] decode(String key, String setting) {
        String trimmed = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        if (!trimmed.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException(setting + " must be a CURVE key of 64 hexadecimal digits (32 bytes), as "
                    + "infra/generate-secrets.sh prints them"
                    + (trimmed.isEmpty()
                            ? ""
                            : ", but has " + trimmed.length() + " characters"
                                    + (trimmed.matches("[0-9a-f]*") ? "" : " that are not all hexadecimal digits")));
        }
        return HEX.parseHex(trimmed);
    }

    /** X25519 of the secret key and the curve's base point (u = 9), which is what CURVE's public key is. */
    private static byte[] publicKeyOf(byte[] secret) {
        try {
            KeyFactory keys = KeyFactory.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(keys.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret)));
            agreement.doPhase(
                    keys.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot compute an X25519 key: " + e.getMessage(), e);
        }
    }

    byte[] publicKeyBytes() {
        return HEX.parseHex(publicKey);
    }

    byte[] secretKeyBytes() {
        return HEX.parseHex(secretKey);
    }

    /** The public key only: the secret one must never reach a log line. */
    @Override
    public String toString() {
        return "CurveKeyPair[publicKey=" + publicKey + "]";
    }
}
