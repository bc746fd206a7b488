package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * A real Redis with a {@link StateFolder} on it, as crbridge's Redis user, for tests that drive the fold script
 * directly; its epoch is set, as a rebuild leaves it (without it the fold refuses a monitor without state).
 */
final class FoldingRedis implements AutoCloseable {

    private final TestRedis redis = TestRedis.start();
    private final RedisClient client = RedisClient.create();
    final RedisCommands<String, String> commands;
    final StateFolder folder;

    FoldingRedis(FlapDamping flapDamping) {
        commands = client.connect(uri()).sync();
        folder = new StateFolder(client.connect(uri()), client.connect(uri()), flapDamping);
        commands.set(RedisKeys.EPOCH, "1");
    }

    private RedisURI uri() {
        RedisURI uri = RedisURI.create(redis.url(TestRedis.CRBRIDGE));
        uri.setTimeout(Duration.ofSeconds(5));
        return uri;
    }

    @Override
    public void close() {
        folder.close();
        client.shutdown();
        redis.close();
    }
}
