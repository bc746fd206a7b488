package io.cloudroutes.crweb.account;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.RecoveryCode;
import io.cloudroutes.store.account.RecoveryCodeRepository;
import io.cloudroutes.store.account.TwoFactor;
import io.cloudroutes.store.account.TwoFactorRepository;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's second factor: setting it up (a secret confirmed with a first code), checking codes and recovery codes at
 * log-in, and re-authentication before recovery codes are replaced or the second factor is switched off.
 *
 * <p>The TOTP secret is stored sealed by the {@link SecretBox}, bound to its account, so the database alone does not
 * give it away and a sealed secret copied to another account does not open. A code is accepted once: its time step is
 * recorded and a code of that step or an earlier one is refused. Wrong codes are counted by {@link LoginThrottle}
 * like wrong passwords. Recovery codes are kept as SHA-256 hashes (they are 82 random bits, so a fast hash is as safe
 * as BCrypt) and are burned when used.
 */
@Service
class TwoFactorService {

    /** The name the secret is sealed under, with the account as its scope. */
    static final String SECRET_NAME = "totp-secret";

    private static final Logger log = LoggerFactory.getLogger(TwoFactorService.class);

    private final TwoFactorRepository factors;
    private final RecoveryCodeRepository recoveryCodes;
    private final UserAccountRepository users;
    private final SecretBox box;
    private final TotpCodes codes;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords;
    private final Clock clock;

    TwoFactorService(
            TwoFactorRepository factors,
            RecoveryCodeRepository recoveryCodes,
            UserAccountRepository users,
            SecretBox box,
            TotpCodes codes,
            LoginThrottle throttle,
            PasswordEncoder passwords,
            Clock clock) {
        this.factors = factors;
        this.recoveryCodes = recoveryCodes;
        this.users = users;
        this.box = box;
        this.codes = codes;
        this.throttle = throttle;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Whether the account's second factor is on, and how many unused recovery codes it has. */
    record Status(boolean enabled, long recoveryCodesLeft) {}

    /** A secret being set up, as the enrolment page shows it. */
    record Enrolment(String secret, String uri, String qrCode) {}

    /** What a typed code or recovery code did. */
    enum Result {
        ACCEPTED,
        ACCEPTED_RECOVERY_CODE,
        WRONG,
        /** Right, but a code of its time step (or a later one) was used already. */
        REPLAYED,
        LOCKED_OUT
    }

    /**
     * The outcome of a check: {@code lockout} is set when the account or address is locked out (now, or by this wrong
     * code); {@code recoveryCodesLeft} after a recovery code was used.
     */
    record Check(Result result, Optional<LoginThrottle.Lockout> lockout, long recoveryCodesLeft) {

        boolean accepted() {
            return result == Result.ACCEPTED || result == Result.ACCEPTED_RECOVERY_CODE;
        }
    }

    Status status(long userId) {
        boolean enabled = isEnabled(userId);
        return new Status(enabled, enabled ? recoveryCodes.countUnused(userId) : 0);
    }

    boolean isEnabled(long userId) {
        return factors.findById(userId).map(TwoFactor::isEnabled).orElse(false);
    }

    /**
     * The secret being set up for the account, made the first time: the same one until it is confirmed, so a page
     * reload does not undo a scan. Empty when the second factor is on already.
     */
    @Transactional
    Optional<Enrolment> enrolment(long userId, String email) {
        TwoFactor factor = factors.findById(userId)
                .orElseGet(() -> factors.save(new TwoFactor(
                        userId, box.seal(scope(userId), SECRET_NAME, codes.newSecret()), clock.instant())));
        if (factor.isEnabled()) {
            return Optional.empty();
        }
        String secret = secretOf(factor);
        String uri = codes.uri(secret, email);
        return Optional.of(new Enrolment(secret, uri, TotpCodes.qrCode(uri)));
    }

    /**
     * Switches the second factor on if {@code code} is right for the secret being set up, and returns the new
     * recovery codes (to be shown once); empty, changing nothing, when the code is wrong or nothing is being set up.
     */
    @Transactional
    Optional<List<String>> confirm(long userId, String code) {
        Optional<TwoFactor> factor = factors.findById(userId).filter(found -> !found.isEnabled());
        if (factor.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong step = codes.matchingStep(secretOf(factor.get()), code);
        if (step.isEmpty() || factors.enable(userId, clock.instant(), step.getAsLong()) == 0) {
            return Optional.empty();
        }
        log.info("two-factor authentication switched on user={}", userId);
        return Optional.of(replaceRecoveryCodes(userId));
    }

    /**
     * Checks the second step of a log-in: a current code from the authenticator app, or an unused recovery code
     * (burned by this). Refused without looking while the account or address is locked out; a wrong or replayed code
     * is counted.
     */
    Check logIn(long userId, String input, String address) {
        return counted(userId, address, factor -> {
            if (factor.isEmpty()) {
                return Result.WRONG;
            }
            if (TotpCodes.looksLikeCode(input)) {
                return checkCode(factor.get(), input);
            }
            String hash = SecretTokens.hash(TotpCodes.normalizedRecoveryCode(input));
            return recoveryCodes.burn(userId, hash, clock.instant()) == 1
                    ? Result.ACCEPTED_RECOVERY_CODE
                    : Result.WRONG;
        });
    }

    /**
     * Re-authentication before a change to the second factor: the account's current password, or a current code
     * (taken as used, like at log-in). Counted like a code at log-in.
     */
    Check reauthenticate(long userId, String input, String address) {
        return counted(userId, address, factor -> {
            if (factor.isPresent() && TotpCodes.looksLikeCode(input)) {
                return checkCode(factor.get(), input);
            }
            String hash =
                    users.findById(userId).map(user -> user.getPasswordHash()).orElse(null);
            return hash != null && input != null && !input.isEmpty() && passwords.matches(input, hash)
                    ? Result.ACCEPTED
                    : Result.WRONG;
        });
    }

    /** Ten new recovery codes, to be shown once; the old ones stop working. */
    @Transactional
    List<String> replaceRecoveryCodes(long userId) {
        recoveryCodes.deleteAllOf(userId);
        List<String> fresh = codes.newRecoveryCodes();
        Instant now = clock.instant();
        recoveryCodes.saveAll(fresh.stream()
                .map(code -> new RecoveryCode(userId, SecretTokens.hash(TotpCodes.normalizedRecoveryCode(code)), now))
                .toList());
        return fresh;
    }

    /** Switches the second factor off: the secret and the recovery codes are deleted. */
    @Transactional
    void disable(long userId) {
        recoveryCodes.deleteAllOf(userId);
        factors.deleteById(userId);
        log.info("two-factor authentication switched off user={}", userId);
    }

    private Result checkCode(TwoFactor factor, String input) {
        OptionalLong step = codes.matchingStep(secretOf(factor), input);
        if (step.isEmpty()) {
            return Result.WRONG;
        }
        return factors.useStep(factor.getUserId(), step.getAsLong()) == 1 ? Result.ACCEPTED : Result.REPLAYED;
    }

    /**
     * Runs {@code check} on the account's second factor (empty when it is off) unless the account or address is
     * locked out, and counts its result with the throttle.
     */
    private Check counted(long userId, String address, Function<Optional<TwoFactor>, Result> check) {
        Optional<LoginThrottle.Lockout> locked = throttle.codeLockout(userId, address);
        if (locked.isPresent()) {
            return new Check(Result.LOCKED_OUT, locked, 0);
        }
        Result result = check.apply(factors.findById(userId).filter(TwoFactor::isEnabled));
        if (result == Result.ACCEPTED || result == Result.ACCEPTED_RECOVERY_CODE) {
            throttle.codeSucceeded(userId);
            long left = result == Result.ACCEPTED_RECOVERY_CODE ? recoveryCodes.countUnused(userId) : 0;
            return new Check(result, Optional.empty(), left);
        }
        return new Check(result, throttle.codeFailed(userId, address), 0);
    }

    /** The plain secret; sealed again when it was sealed under a key being rotated out. */
    private String secretOf(TwoFactor factor) {
        SecretScope scope = scope(factor.getUserId());
        String secret = box.open(scope, SECRET_NAME, factor.getSealedSecret());
        if (box.state(scope, SECRET_NAME, factor.getSealedSecret()) != SecretBox.State.CURRENT) {
            factor.setSealedSecret(box.seal(scope, SECRET_NAME, secret));
            factors.save(factor);
        }
        return secret;
    }

    static SecretScope scope(long userId) {
        return SecretScope.account(userId);
    }
}
