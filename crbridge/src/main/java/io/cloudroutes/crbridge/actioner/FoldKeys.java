package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;

/**
 * The keys {@code fold-result.lua} folds a monitor's results into: the live ones the product shows and acts on, or a
 * replay's scratch copy of one monitor ({@code cr:replay:{token}:*}), so that a replay runs the very same script
 * without touching the live state. The script builds no key of its own, so these are all it touches.
 */
sealed interface FoldKeys {

    /** The monitor's live state, recent results, the shared decision queue and maintenance marks. */
    FoldKeys LIVE = new Live();

    String state(long monitorId);

    String maintenance(long monitorId);

    /** Whether the monitor's state here still has {@code status} in {@code episode} (a state of old has no episode). */
    default boolean stillHolds(RedisCommands<String, String> redis, long monitorId, Status status, String episode) {
        List<String> state =
                redis.hmget(state(monitorId), RedisKeys.StateField.STATUS, RedisKeys.StateField.EPISODE).stream()
                        .map(v -> v.getValueOrElse(null))
                        .toList();
        return status.name().equals(state.get(0))
                && (state.get(1) == null || state.get(1).equals(episode));
    }

    /** The script's KEYS, in its order. */
    String[] of(long monitorId, String resultId);

    /** The scratch keys of one replay, named by its token. */
    static Scratch scratch(String token) {
        return new Scratch(RedisKeys.replay(token));
    }

    record Live() implements FoldKeys {
        @Override
        public String state(long monitorId) {
            return RedisKeys.state(monitorId);
        }

        @Override
        public String maintenance(long monitorId) {
            return RedisKeys.maintenance(monitorId);
        }

        @Override
        public String[] of(long monitorId, String resultId) {
            return new String[] {
                RedisKeys.state(monitorId),
                RedisKeys.recent(monitorId),
                RedisKeys.seen(resultId),
                RedisKeys.DECISIONS_PENDING,
                RedisKeys.DECISIONS_SEQUENCE,
                RedisKeys.EPOCH,
                RedisKeys.maintenance(monitorId)
            };
        }
    }

    /** One monitor's keys under {@code prefix}: a replay folds a single monitor. */
    record Scratch(String prefix) implements FoldKeys {
        @Override
        public String state(long monitorId) {
            return prefix + "state";
        }

        @Override
        public String maintenance(long monitorId) {
            return prefix + "maintenance";
        }

        String pending() {
            return prefix + "pending";
        }

        String sequence() {
            return prefix + "sequence";
        }

        String epoch() {
            return prefix + "epoch";
        }

        /** The keys that are not per result, to expire and delete them. */
        String[] fixed() {
            return new String[] {prefix + "state", prefix + "recent", pending(), sequence(), epoch(), maintenance(0)};
        }

        @Override
        public String[] of(long monitorId, String resultId) {
            return new String[] {
                prefix + "state",
                prefix + "recent",
                prefix + "seen:" + resultId,
                pending(),
                sequence(),
                epoch(),
                maintenance(monitorId)
            };
        }
    }
}
