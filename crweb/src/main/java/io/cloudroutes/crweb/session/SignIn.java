package io.cloudroutes.crweb.session;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * What a log-in session remembers of its log-in, kept in the session itself: when and from where it was made, and a
 * handle that names the session on the sessions page. The handle is not the session id, which is the session's
 * credential and never leaves its own cookie.
 *
 * @param handle     names this session in the person's list and in its sign-out form
 * @param signedInAt when the person logged in (the absolute lifetime counts from here)
 * @param address    the client address at log-in (the proxy's forwarded one when crweb trusts it)
 * @param userAgent  the browser's User-Agent at log-in, cut to {@link #MAX_USER_AGENT} characters
 */
record SignIn(String handle, Instant signedInAt, String address, String userAgent) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The session attribute it is kept in. */
    static final String ATTRIBUTE = "cloudroutes.signIn";
    /** The session attribute with the last time the session was used, by crweb's clock (an {@link Instant}). */
    static final String LAST_ACTIVE_ATTRIBUTE = "cloudroutes.lastActive";
    /** Enough to tell browsers apart; a header can be far longer. */
    static final int MAX_USER_AGENT = 300;

    static SignIn now(Instant now, String address, String userAgent) {
        String agent = userAgent == null ? "" : userAgent;
        return new SignIn(
                UUID.randomUUID().toString(),
                now,
                address == null ? "" : address,
                agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent);
    }
}
