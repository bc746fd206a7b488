package io.cloudroutes.crweb.webhook;

import java.time.Duration;

/**
 * A webhook's result reached the Redis primary but not enough replicas confirmed it in time: a failover could still
 * lose it, so the webhook is answered 503 and the sender sends it again.
 */
final class ReplicaAckException extends RuntimeException {

    ReplicaAckException(int wanted, long confirmed, Duration timeout) {
        super("only " + confirmed + " of " + wanted + " Redis replicas confirmed the write within " + timeout.toMillis()
                + " ms");
    }
}
