package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person changes their password, proving the current one first. Wrong guesses at the current password count as
 * failed log-ins of the account and its client address ({@link LoginThrottle}): a session left open is no way round
 * the log-in's throttle. A change publishes {@link PasswordChanged}, which ends the account's other sessions.
 */
@Service
class PasswordChange {

    /** Why a change was refused, said on the current-password field. */
    sealed interface Refusal {
        String message();
    }

    record WrongPassword() implements Refusal {
        @Override
        public String message() {
            return "this is not your current password: type the one you log in with";
        }
    }

    record LockedOut(String message) implements Refusal {}

    private final UserAccountRepository users;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PasswordChange(
            UserAccountRepository users,
            PasswordEncoder passwords,
            LoginThrottle throttle,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Changes the password when {@code current} is the account's; otherwise changes nothing and says why. */
    @Transactional
    Optional<Refusal> change(CurrentUser user, String address, String current, String replacement) {
        String email = user.getUsername();
        Optional<LoginThrottle.Lockout> locked = throttle.lockout(email, address);
        if (locked.isPresent()) {
            return Optional.of(new LockedOut(locked.get().message(clock.instant())));
        }
        String hash = users.findById(user.id()).orElseThrow().getPasswordHash();
        if (!passwords.matches(current, hash)) {
            return throttle.failed(email, address)
                    .<Refusal>map(lockout -> new LockedOut(lockout.message(clock.instant())))
                    .or(() -> Optional.of(new WrongPassword()));
        }
        jdbc.sql("update users set password_hash = :hash where id = :id")
                .param("hash", passwords.encode(replacement))
                .param("id", user.id())
                .update();
        events.publishEvent(new PasswordChanged(user.id()));
        return Optional.empty();
    }
}
