package io.cloudroutes.core.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret setting values (passwords, tokens, keys) for storage with AES-256-GCM under the installation's key
 * ({@code CLOUDROUTES_SECRET_KEY}, 32 bytes in base64). A sealed value reads {@code enc:v1:<base64(iv | ciphertext)>}
 * and is bound to the setting's name, so that a sealed value copied into another setting does not open.
 */
public final class SecretBox {

    /** What every sealed value starts with. */
    public static final String PREFIX = "enc:v1:";
    /** The environment variable that holds the key. */
    public static final String KEY_VARIABLE = "CLOUDROUTES_SECRET_KEY";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box for a base64 key of 32 bytes; the message says what is wrong with a bad one and how to make one. */
    public static SecretBox fromBase64(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_VARIABLE + " is not base64; generate a key with "
                    + "'openssl rand -base64 32'");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(KEY_VARIABLE + " must be 32 bytes in base64 (it has " + key.length
                    + "); generate one with 'openssl rand -base64 32'");
        }
        return new SecretBox(key);
    }

    /** The box for an optional key: empty when none is configured. */
    public static Optional<SecretBox> fromOptionalBase64(String base64Key) {
        return base64Key == null || base64Key.isBlank() ? Optional.empty() : Optional.of(fromBase64(base64Key));
    }

    /** A new random key in base64, for installations that generate their own (the embedded default). */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Encrypts {@code value} of the setting {@code name}; a value that is already sealed is returned as it is. */
    public String seal(String name, String value) {
        if (value == null || isSealed(value)) {
            return value;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The plain value of the setting {@code name}; a value that was never sealed (stored before encryption was on)
     * is returned as it is.
     *
     * @throws SecretException when the value was sealed under another key or was altered
     */
    public String open(String name, String value) {
        if (!isSealed(value)) {
            return value;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretException("the secret setting '" + name + "' cannot be decrypted: it was sealed under "
                    + "another " + KEY_VARIABLE + " or was altered");
        }
    }

    /** A secret setting that cannot be opened here. */
    public static final class SecretException extends RuntimeException {

        public SecretException(String message) {
            super(message);
        }
    }
}
