package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;

/** Throttle states in Redis, shared by every crweb; each change is a compare-and-set, so none is lost to a race. */
final class RedisThrottleStore implements ThrottleStore {

    private static final String REPLACE = """
            if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

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
        Boolean replaced = redis.connection()
                .sync()
                .eval(
                        REPLACE,
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
