package io.cloudroutes.reactions.sshcommand;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads the settings' key texts with MINA's own loaders, so what passes validation is what a run can use. */
final class SshKeys {

    private SshKeys() {}

    /** The key pair in an unencrypted OpenSSH or PEM private key text. */
    static KeyPair privateKey(String text) throws InvalidKeyText {
        List<KeyPair> pairs = new ArrayList<>();
        try {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(
                    null,
                    NamedResource.ofName("privateKey"),
                    new ByteArrayInputStream(text.trim().concat("\n").getBytes(StandardCharsets.UTF_8)),
                    FilePasswordProvider.EMPTY);
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidKeyText(
                    why.toLowerCase().contains("password") || why.toLowerCase().contains("encrypt")
                            ? "the key is encrypted with a passphrase; give an unencrypted key (ssh-keygen -p -N '' -f key)"
                            : "not a readable private key (" + why + ")");
        }
        if (pairs.isEmpty()) {
            throw new InvalidKeyText("no private key found; paste the whole file, from -----BEGIN to -----END");
        }
        return pairs.getFirst();
    }

    /** The public key of an OpenSSH line, {@code ssh-ed25519 AAAA…}, optionally led by host names as in known_hosts. */
    static PublicKey publicKey(String line) throws InvalidKeyText {
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        int start = words.size() > 2 && KeyUtils.getPublicKeyEntryDecoder(words.getFirst()) == null ? 1 : 0;
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(String.join(" ", words.subList(start, words.size())))
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new InvalidKeyText("unknown key type '" + words.get(start) + "'");
            }
            return key;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyText("not an OpenSSH public key line like 'ssh-ed25519 AAAAC3Nza…' ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /** As ssh-keygen -l prints it: {@code SHA256:…}. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** Why a key text cannot be used. */
    static final class InvalidKeyText extends Exception {
        InvalidKeyText(String message) {
            super(message);
        }
    }
}
