package io.cloudroutes.crweb.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/** A person's log-in sessions, as the session store keeps them: listed, and ended one by one or all but one. */
@Service
class LoginSessions {

    private final FindByIndexNameSessionRepository<? extends Session> store;
    private final SessionLifetime lifetime;
    private final Clock clock;

    LoginSessions(FindByIndexNameSessionRepository<? extends Session> store, SessionLifetime lifetime, Clock clock) {
        this.store = store;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * One session as its person sees it.
     *
     * @param current whether it is the session the list is shown in
     */
    record ActiveSession(
            String handle, Instant signedInAt, Instant lastActive, String address, String browser, boolean current) {}

    /** The account's sessions that have not ended, the latest log-in first; {@code currentHandle} marks one. */
    List<ActiveSession> of(long accountId, String currentHandle) {
        Instant now = clock.instant();
        return live(accountId).values().stream()
                .map(session -> {
                    SignIn signIn = session.getAttribute(SignIn.ATTRIBUTE);
                    Instant lastActive =
                            SessionLifetime.lastActive(signIn, session.getAttribute(SignIn.LAST_ACTIVE_ATTRIBUTE));
                    return lifetime.isOver(signIn, lastActive, now)
                            ? null
                            : new ActiveSession(
                                    signIn.handle(),
                                    signIn.signedInAt(),
                                    lastActive,
                                    signIn.address(),
                                    BrowserSummary.of(signIn.userAgent()),
                                    signIn.handle().equals(currentHandle));
                })
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(ActiveSession::signedInAt).reversed())
                .toList();
    }

    /** Ends the account's session named {@code handle}; false when the account has none by that handle. */
    boolean end(long accountId, String handle) {
        List<String> ending = live(accountId).entrySet().stream()
                .filter(each -> handle.equals(signIn(each.getValue()).handle()))
                .map(Map.Entry::getKey)
                .toList();
        ending.forEach(store::deleteById);
        return !ending.isEmpty();
    }

    /** Ends every session of the account except the one named {@code keepHandle} (none when null); how many ended. */
    int endAllBut(long accountId, String keepHandle) {
        List<String> ending = live(accountId).entrySet().stream()
                .filter(each -> !signIn(each.getValue()).handle().equals(keepHandle))
                .map(Map.Entry::getKey)
                .toList();
        ending.forEach(store::deleteById);
        return ending.size();
    }

    /** The account's sessions that were made by a log-in, by session id. */
    private Map<String, Session> live(long accountId) {
        Map<String, Session> signedIn = new HashMap<>();
        store.findByPrincipalName(SessionStoreConfiguration.indexOf(accountId)).forEach((id, session) -> {
            if (session.getAttribute(SignIn.ATTRIBUTE) instanceof SignIn) {
                signedIn.put(id, session);
            }
        });
        return signedIn;
    }

    private static SignIn signIn(Session session) {
        return session.getAttribute(SignIn.ATTRIBUTE);
    }
}
