package io.cloudroutes.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets the standalone makes on its first start and keeps in its data directory (the secret-settings key, the
 * embedded databases' passwords), each in its own file that only the owner may read, so that a restart finds them.
 */
final class KeptSecrets {

    private static final Logger log = LoggerFactory.getLogger(KeptSecrets.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeptSecrets() {}

    /** A random password of 64 hex digits: safe in a URL, a shell, a config file. */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The secret kept in {@code file}; made with {@code generate} and written (mode 600) when the file does not exist.
     *
     * @param what what the secret is, for the log line that tells where a new one was written
     */
    static String readOrCreate(Path file, Supplier<String> generate, String what) throws IOException {
        if (Files.exists(file)) {
            ownerOnly(file);
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.getParent());
        String secret = generate.get();
        Files.writeString(file, secret + "\n", StandardOpenOption.CREATE_NEW);
        ownerOnly(file);
        log.info("generated {} file={}; back it up with the data directory", what, file);
        return secret;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }

    /**
     * Makes {@code directory} (and its parents) when missing, and lets only its owner in: it holds the databases'
     * files, which other users of the machine have no business reading. One an older version made is tightened too.
     */
    static void ownerOnlyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }
}
