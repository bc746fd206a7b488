package io.cloudroutes.crweb.account;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Time-based one-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, what every authenticator app reads from
 * an otpauth:// URI): new secrets, the URI and QR code to enrol them, which step a typed code belongs to, and
 * recovery codes. Pure apart from the clock, so tests move time.
 */
@Component
class TotpCodes {

    /** The issuer an authenticator app shows beside the account. */
    static final String ISSUER = "CloudRoutes";

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;
    /** Steps either side of now that still count, for clocks that are a little off and codes typed just too late. */
    static final int ALLOWED_DRIFT_STEPS = 1;

    static final int RECOVERY_CODE_COUNT = 10;

    private static final Pattern CODE = Pattern.compile("[0-9]{" + DIGITS + "}");

    private final Clock clock;
    private final CodeGenerator generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    // 32 base32 characters: 160 bits, the HMAC-SHA1 key length RFC 4226 recommends
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);
    private final RecoveryCodeGenerator recoveryCodes = new RecoveryCodeGenerator();

    TotpCodes(Clock clock) {
        this.clock = clock;
    }

    String newSecret() {
        return secrets.generate();
    }

    /** What an authenticator app scans or is given: otpauth://totp/CloudRoutes:email?secret=…&issuer=CloudRoutes… */
    String uri(String secret, String email) {
        return new QrData.Builder()
                .label(ISSUER + ":" + email)
                .secret(secret)
                .issuer(ISSUER)
                .algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS)
                .period(PERIOD_SECONDS)
                .build()
                .getUri();
    }

    /** The URI as a QR code, an SVG in a data: URI for an {@code <img>} (the page's policy allows data: images). */
    static String qrCode(String uri) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter()
                    .encode(
                            uri,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalStateException("an otpauth URI always fits in a QR code", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth() + " "
                + matrix.getHeight() + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                + "fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code input}, spaces dropped, has the shape of a code (6 digits); anything else may be a recovery code. */
    static boolean looksLikeCode(String input) {
        return CODE.matcher(withoutSpaces(input)).matches();
    }

    /**
     * The time step {@code code} is right for, now or {@link #ALLOWED_DRIFT_STEPS} either side; empty when it is right
     * for none. Every candidate is compared in full, in constant time.
     */
    OptionalLong matchingStep(String secret, String code) {
        String typed = withoutSpaces(code);
        if (!CODE.matcher(typed).matches()) {
            return OptionalLong.empty();
        }
        long now = currentStep();
        OptionalLong match = OptionalLong.empty();
        for (long step = now - ALLOWED_DRIFT_STEPS; step <= now + ALLOWED_DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(
                    code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    typed.getBytes(StandardCharsets.US_ASCII))) {
                match = OptionalLong.of(step);
            }
        }
        return match;
    }

    long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), PERIOD_SECONDS);
    }

    /** The code of {@code secret} for time step {@code step}. */
    String code(String secret, long step) {
        try {
            return generator.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("a stored TOTP secret is not valid base32", e);
        }
    }

    /** {@link #RECOVERY_CODE_COUNT} new recovery codes, e.g. {@code 4f2a-k9mz-…}: 16 random characters each. */
    List<String> newRecoveryCodes() {
        return List.of(recoveryCodes.generateCodes(RECOVERY_CODE_COUNT));
    }

    /** The form a recovery code is hashed in: lower case, without spaces and dashes, so it may be typed either way. */
    static String normalizedRecoveryCode(String input) {
        return withoutSpaces(input).replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static String withoutSpaces(String input) {
        return input == null ? "" : input.replaceAll("\\s+", "");
    }
}
