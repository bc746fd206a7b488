package io.cloudroutes.crweb.account;

import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;

/** Throttle states in Redis, shared by every crweb; each change is a compare-and-set, so none is lost to a race. */
final class RedisThrottleStore implements ThrottleStore {

    private final RedisScript replaceIfUnchanged = RedisScript.of(RedisThrottleStore.class, "replace-if-unchanged.lua");
    private final LiveRedis redis;

    RedisThrottleStore(LiveRedis redis) {
        this.redis = redis;
    }

    @Override
    public String get(String key) {
        return redis.connection().sync().get(key);
    }

    @Override
    public boolean replace(String key, String expected, String next, Duration keep) {
        Boolean replaced = replaceIfUnchanged.eval(
                redis.connection().sync(),
                ScriptOutputType.BOOLEAN,
                new String[] {key},
                expected == null ? "" : expected,
                next,
                String.valueOf(keep.toMillis()));
        return Boolean.TRUE.equals(replaced);
    }

    @Override
    public void delete(String key) {
        redis.connection().sync().del(key);
    }
}
