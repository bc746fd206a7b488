package io.cloudroutes.crweb.account;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt, which reads only the first {@value #MAX_BYTES} bytes of a password, with every longer password refused
 * instead of cut: sign-up names the limit as a field error ({@link #tooLong}), and a longer password never matches,
 * so two passwords that share their first 72 bytes are not the same password.
 */
final class BoundedBCryptPasswordEncoder implements PasswordEncoder {

    /** The most BCrypt reads of a password, in bytes of its UTF-8 encoding. */
    static final int MAX_BYTES = 72;

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    /** The length of the password in UTF-8 bytes, as BCrypt counts it. */
    static int bytes(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether BCrypt could not tell this password from another one that starts with the same 72 bytes. */
    static boolean tooLong(CharSequence password) {
        // a character takes at most 3 bytes (4 for a surrogate pair, which is 2 chars): skip encoding the obvious
        return password.length() > MAX_BYTES || bytes(password) > MAX_BYTES;
    }

    /** The field error for a password that {@link #tooLong} refuses: says the limit, the length, and why. */
    static String tooLongMessage(CharSequence password) {
        return "use at most " + MAX_BYTES + " bytes: this one is " + bytes(password) + " bytes in UTF-8 (a letter "
                + "outside English takes 2 to 4 bytes), and passwords are stored with BCrypt, which reads no further";
    }

    @Override
    public String encode(CharSequence rawPassword) {
        if (rawPassword == null || tooLong(rawPassword)) {
            throw new IllegalArgumentException("a password is at most " + MAX_BYTES + " bytes in UTF-8; "
                    + "check it with BoundedBCryptPasswordEncoder.tooLong before encoding it");
        }
        return bcrypt.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return rawPassword != null && !tooLong(rawPassword) && bcrypt.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return bcrypt.upgradeEncoding(encodedPassword);
    }
}
