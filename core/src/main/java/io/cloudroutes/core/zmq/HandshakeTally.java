package io.cloudroutes.core.zmq;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Counts the connections a server socket closed without authenticating them: peers without CURVE, with a key that is
 * not admitted, or that gave up during the handshake.
 *
 * <p>jeromq reports each connection's accept and disconnect (with the connection) on its monitor socket, and each
 * admitted peer (without the connection) to the authentication handler. A connection that is accepted and ends
 * without an admission in between was refused. When several handshakes overlap, which of them an admission belongs
 * to is not known; the tally then assumes the one that ended was refused and the ones still open were admitted, so a
 * count can come a moment early, but the total is exact once the overlapping connections have ended.
 */
final class HandshakeTally {

    /** Beyond this many connections waiting for their handshake (monitor events lost in a flood), start afresh. */
    private static final int MAX_PENDING = 10_000;

    private final Set<Object> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private int admissions;
    private long refused;

    synchronized void accepted(Object connection) {
        if (pending.size() >= MAX_PENDING) {
            pending.clear();
            admissions = 0;
        }
        pending.add(connection);
        settle();
    }

    synchronized void admitted() {
        admissions++;
        settle();
    }

    synchronized void disconnected(Object connection) {
        if (!pending.remove(connection)) {
            return; // admitted earlier, or accepted before the tally started
        }
        if (admissions > pending.size()) {
            admissions--; // every connection that was waiting had been admitted, this one too
        } else {
            refused++;
        }
        settle();
    }

    synchronized long refused() {
        return refused;
    }

    /** When there are as many admissions as waiting connections, all of them were admitted. */
    private void settle() {
        if (!pending.isEmpty() && admissions >= pending.size()) {
            admissions -= pending.size();
            pending.clear();
        }
    }
}
