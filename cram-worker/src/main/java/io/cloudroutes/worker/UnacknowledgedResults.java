package io.cloudroutes.worker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Predicate;

/**
 * Results sent (or still to send) to the actioners and not yet acknowledged, oldest first. Bounded: past the bound the
 * oldest result is dropped, so a worker whose actioners are all away keeps the newest results. Used by the worker's
 * loop thread only.
 */
final class UnacknowledgedResults {

    /** One result: its id (what the actioner acknowledges), its bytes, and when it was last sent (0: never). */
    private static final class Entry {
        private final byte[] bytes;
        private long sentAtMillis;

        Entry(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private final int bound;
    private final long resendAfterMillis;
    private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();

    UnacknowledgedResults(int bound, long resendAfterMillis) {
        this.bound = bound;
        this.resendAfterMillis = resendAfterMillis;
    }

    /** Keeps a result until it is acknowledged; returns how many older results were dropped to stay in the bound. */
    int add(String resultId, byte[] bytes) {
        byId.putIfAbsent(resultId, new Entry(bytes));
        int dropped = 0;
        while (byId.size() > bound) {
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
            dropped++;
        }
        return dropped;
    }

    void acknowledge(String resultId) {
        byId.remove(resultId);
    }

    /**
     * Offers {@code send} every result never sent or unacknowledged for the resend interval, oldest first, until it
     * refuses one (no actioner can take it right now). Returns how many of those sent were sent before: resends.
     */
    int sendDue(long nowMillis, Predicate<byte[]> send) {
        int resent = 0;
        for (Entry entry : byId.values()) {
            boolean due = entry.sentAtMillis == 0 || nowMillis - entry.sentAtMillis >= resendAfterMillis;
            if (!due) {
                continue;
            }
            if (!send.test(entry.bytes)) {
                break;
            }
            if (entry.sentAtMillis != 0) {
                resent++;
            }
            entry.sentAtMillis = nowMillis;
        }
        return resent;
    }

    int size() {
        return byId.size();
    }
}
