package io.cloudroutes.core.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret setting values (passwords, tokens, keys) for storage with AES-256-GCM under the installation's key
 * ({@code CLOUDROUTES_SECRET_KEY}, 32 bytes in base64). A sealed value reads {@code enc:v2:<base64(iv | ciphertext)>}
 * and is bound to its setting's name and its row and owner ({@link SecretScope}), so that a sealed value copied into
 * another setting, row or account does not open.
 *
 * <p>Values sealed by earlier versions read {@code enc:v1:…} and are bound to the setting's name only; they still
 * open, and crweb seals them again, bound to their row, at start.
 *
 * <p>To rotate the key, set {@code CLOUDROUTES_SECRET_KEY=<new>,<old>} on every process: values open under either
 * key, new values are sealed under the first, and crweb seals every stored value again under it at start; once it
 * has, drop the old key.
 */
public final class SecretBox {

    /** What every value sealed now starts with. */
    public static final String PREFIX = "enc:v2:";
    /** What values sealed before they were bound to their row start with. */
    public static final String LEGACY_PREFIX = "enc:v1:";
    /** The environment variable that holds the key. */
    public static final String KEY_VARIABLE = "CLOUDROUTES_SECRET_KEY";

    // Every version of the sealed form, those to come included: no typed value may start like one.
    private static final Pattern SEALED_FORM = Pattern.compile("^enc:v[0-9]+:");
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
                throw new IllegalArgumentException(
                        which + " is not base64; generate a key with " + "'openssl rand -base64 32'");
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

    /** Whether the value is in a sealed form, of any version: {@code enc:v<n>:…}. */
    public static boolean isSealed(String value) {
        return value != null && SEALED_FORM.matcher(value).find();
    }

    /** The {@code enc:v<n>:} a sealed-looking value starts with, or null. */
    public static String sealedPrefixOf(String value) {
        Matcher matcher = value == null ? null : SEALED_FORM.matcher(value);
        return matcher != null && matcher.find() ? matcher.group() : null;
    }

    /** What a stored value is to this box, for the setting {@code name} of the row {@code scope}. */
    public enum State {
        /** Not sealed: stored before encryption at rest, or before the setting became secret. */
        PLAIN,
        /** Sealed under the current key and bound to its row: nothing to do. */
        CURRENT,
        /** Opens, but should be sealed again: under a key being rotated out, or not bound to its row yet (v1). */
        STALE,
        /** Does not open here: another key, altered, or copied from another setting, row or account. */
        UNOPENABLE
    }

    public State state(SecretScope scope, String name, String value) {
        if (!isSealed(value)) {
            return State.PLAIN;
        }
        if (value.startsWith(PREFIX)
                && scope != null
                && open(key, scope.associatedData(name), value, PREFIX).isPresent()) {
            return State.CURRENT;
        }
        return tryOpen(scope, name, value).isPresent() ? State.STALE : State.UNOPENABLE;
    }

    /**
     * Encrypts the plain {@code value} of the setting {@code name} of the row {@code scope}.
     *
     * @throws IllegalArgumentException when the value is already in a sealed form: it would be stored as if this row
     *                                  had sealed it (typed values in that form are refused before they get here)
     */
    public String seal(SecretScope scope, String name, String value) {
        if (value == null) {
            return null;
        }
        if (isSealed(value)) {
            throw new IllegalArgumentException("the value of '" + name + "' is already sealed; only plain values are "
                    + "sealed, so that a sealed value from elsewhere is never stored as this row's");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(scope.associatedData(name).getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The plain value of the setting {@code name} of the row {@code scope}; a value that was never sealed (stored
     * before encryption was on) is returned as it is.
     *
     * @throws SecretException when the value does not open: sealed under another key, altered, or copied from another
     *                         setting, row or account
     */
    public String open(SecretScope scope, String name, String value) {
        if (!isSealed(value)) {
            return value;
        }
        return tryOpen(scope, name, value).orElseThrow(() -> new SecretException(cannotOpen(scope, name, value)));
    }

    /** The value sealed under the current key and bound to its row: plain and stale values are sealed again. */
    public String reseal(SecretScope scope, String name, String value) {
        return value == null || state(scope, name, value) == State.CURRENT
                ? value
                : seal(scope, name, open(scope, name, value));
    }

    /** Why a value cannot be opened, in words a person can act on; never the value. */
    static String cannotOpen(SecretScope scope, String name, String value) {
        String where = scope == null ? "" : " of this " + scope.kind();
        if (!value.startsWith(PREFIX) && !value.startsWith(LEGACY_PREFIX)) {
            return "the secret setting '" + name + "'" + where + " is sealed in a form this version does not know ("
                    + sealedPrefixOf(value) + "): update this process";
        }
        if (scope == null) {
            return "the secret setting '" + name + "' cannot be opened: this process was not told which row it "
                    + "belongs to (a message from an older version); it opens once every process is updated";
        }
        return "the secret setting '" + name + "'" + where + " cannot be decrypted: it was sealed under another "
                + KEY_VARIABLE + ", altered, or copied from another " + scope.kind() + " or account; enter it again "
                + "on the " + scope.kind() + "'s edit page";
    }

    private Optional<String> tryOpen(SecretScope scope, String name, String value) {
        String prefix;
        String associatedData;
        if (value.startsWith(PREFIX) && scope != null) {
            prefix = PREFIX;
            associatedData = scope.associatedData(name);
        } else if (value.startsWith(LEGACY_PREFIX)) {
            prefix = LEGACY_PREFIX;
            associatedData = name;
        } else {
            return Optional.empty();
        }
        Optional<String> opened = open(key, associatedData, value, prefix);
        for (int i = 0; opened.isEmpty() && i < previousKeys.size(); i++) {
            opened = open(previousKeys.get(i), associatedData, value, prefix);
        }
        return opened;
    }

    private static Optional<String> open(SecretKeySpec key, String associatedData, String value, String prefix) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.substring(prefix.length()));
            if (bytes.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Optional.of(
                    new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A secret setting that cannot be opened here; the message names the setting, never its value. */
    public static final class SecretException extends RuntimeException {

        public SecretException(String message) {
            super(message);
        }
    }
}
