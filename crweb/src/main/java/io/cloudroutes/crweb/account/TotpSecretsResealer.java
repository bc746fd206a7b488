package io.cloudroutes.crweb.account;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.store.account.TwoFactor;
import io.cloudroutes.store.account.TwoFactorRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Seals every stored TOTP secret again, at start, under the first key of {@code CLOUDROUTES_SECRET_KEY}, so that a key
 * being rotated out can be dropped without locking anyone out of their second factor. A secret that does not open
 * here is left as it is and logged by account id (never its value); that person logs in with a recovery code, or the
 * operator switches their second factor off (docs/security.md).
 */
@Component
class TotpSecretsResealer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TotpSecretsResealer.class);

    private final TwoFactorRepository factors;
    private final SecretBox box;

    TotpSecretsResealer(TwoFactorRepository factors, SecretBox box) {
        this.factors = factors;
        this.box = box;
    }

    @Override
    public void run(ApplicationArguments args) {
        int resealed = 0;
        for (TwoFactor factor : factors.findAll()) {
            var scope = TwoFactorService.scope(factor.getUserId());
            String sealed = factor.getSealedSecret();
            switch (box.state(scope, TwoFactorService.SECRET_NAME, sealed)) {
                case CURRENT -> {}
                case UNOPENABLE ->
                    log.warn(
                            "a TOTP secret does not open with CLOUDROUTES_SECRET_KEY and is left as stored user={}",
                            factor.getUserId());
                case PLAIN, STALE -> {
                    factor.setSealedSecret(box.reseal(scope, TwoFactorService.SECRET_NAME, sealed));
                    factors.save(factor);
                    resealed++;
                }
            }
        }
        if (resealed > 0) {
            log.info("TOTP secrets sealed again under the current key count={}", resealed);
        }
    }
}
