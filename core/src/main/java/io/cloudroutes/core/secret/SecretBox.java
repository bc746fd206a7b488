package io.cloudroutes.core.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret setting values (passwords, tokens, keys) for storage with AES-256-GCM under the installation's key
 * ({@code CLOUDROUTES_SECRET_KEY}, 32 bytes in base64). A sealed value reads {@code enc:v1:<base64(iv | ciphertext)>}
 * and is bound to the setting's name, so that a sealed value copied into another setting does not open.
 *
 * <p>To rotate the key, set {@code CLOUDROUTES_SECRET_KEY=<new>,<old>} on every process: values open under either
 * key, new values are sealed under the first, and crweb seals every stored value again under it at start; once it
 * has, drop the old key.
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
    private final List<SecretKeySpec> previousKeys;

    private SecretBox(SecretKeySpec key, List<SecretKeySpec> previousKeys) {
        this.key = key;
        this.previousKeys = List.copyOf(previousKeys);
    }

    /**
     * A box for base64 keys of 32 bytes, separated by commas: the first seals, all open (the others are keys being
     * rotated out). The message says what is wrong with a bad one and how to make one.
     */
    public static SecretBox fromBase64(String base64Keys) {
        List<SecretKeySpec> keys = new ArrayList<>();
        String[] parts = (base64Keys == null ? "" : base64Keys).split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String which = parts.length == 1 ? KEY_VARIABLE : KEY_VARIABLE + " (key " + (i + 1) + ")";
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[i].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(which + " is not base64; generate a key with "
                        + "'openssl rand -base64 32'");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(which + " must be 32 bytes in base64 (it has " + key.length
                        + "); generate one with 'openssl rand -base64 32'");
            }
            keys.add(new SecretKeySpec(key, "AES"));
        }
        return new SecretBox(keys.getFirst(), keys.subList(1, keys.size()));
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
        Optional<String> opened = open(key, name, value);
        for (int i = 0; opened.isEmpty() && i < previousKeys.size(); i++) {
            opened = open(previousKeys.get(i), name, value);
        }
        return opened.orElseThrow(() -> new SecretException("the secret setting '" + name + "' cannot be decrypted: "
                + "it was sealed under another " + KEY_VARIABLE + " or was altered"));
    }

    /** Whether the value is sealed under the current (first) key, so that a key rotation need not seal it again. */
    public boolean sealedUnderCurrentKey(String name, String value) {
        return isSealed(value) && open(key, name, value).isPresent();
    }

    /** The value sealed under the current key: plain values are sealed, values of a rotated-out key sealed again. */
    public String reseal(String name, String value) {
        return value == null || sealedUnderCurrentKey(name, value) ? value : seal(name, open(name, value));
    }

    private static Optional<String> open(SecretKeySpec key, String name, String value) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A secret setting that cannot be opened here. */
    public static final class SecretException extends RuntimeException {

        public SecretException(String message) {
            super(message);
        }
    }
}
