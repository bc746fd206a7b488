package io.cloudroutes.checks.redis;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.DnsResolver;
import io.lettuce.core.resource.SocketAddressResolver;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lettuce clients the redis monitors of a process share, for one egress guard: one set of event loops, and one
 * client per connect timeout (Lettuce sets it per client, not per connection). Every connection's address comes from
 * the guard: it looks the host up once, refuses what the policy refuses, and the connection goes to the address it
 * checked; the host name stays in the URI for TLS.
 */
final class RedisClients {

    private final ClientResources resources;
    private final Map<Long, RedisClient> clients = new ConcurrentHashMap<>();

    RedisClients(Egress egress) {
        // A monitor's commands are tiny: two I/O threads serve thousands of connections.
        resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .socketAddressResolver(new GuardedAddresses(egress))
                .build();
    }

    /** The shared client whose connect timeout is {@code timeout}, rounded up to whole seconds. */
    RedisClient client(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return clients.computeIfAbsent(seconds, s -> {
            RedisClient client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    // One connection per run, closed after: a lost connection is a result, never retried.
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    // RESP2 needs no HELLO, so even servers older than Redis 6 answer the first command.
                    .protocolVersion(ProtocolVersion.RESP2)
                    // Nothing is sent while connecting: AUTH, SELECT and the command are sent by the run, so each
                    // failure or silence is reported for the step it happened in.
                    .pingBeforeActivateConnection(false)
                    // Maintenance notifications move long-lived connections during failovers; a run's connection
                    // lives for one command, and the CLIENT command that enables them would be sent while connecting.
                    .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                    // The run enforces its own deadline on every reply.
                    .timeoutOptions(
                            TimeoutOptions.builder().timeoutCommands(false).build())
                    .socketOptions(SocketOptions.builder()
                            .connectTimeout(Duration.ofSeconds(s))
                            .build())
                    .build());
            return client;
        });
    }

    void close() {
        clients.values().forEach(RedisClient::shutdown);
        resources.shutdown();
    }

    /** Lettuce's hook from a URI to the address it connects to, answered by the guard. */
    private static final class GuardedAddresses extends SocketAddressResolver {

        private final Egress egress;

        GuardedAddresses(Egress egress) {
            super(DnsResolver.unresolved());
            this.egress = egress;
        }

        @Override
        public SocketAddress resolve(RedisURI uri) {
            try {
                if (uri.getSocket() != null) {
                    // monitors name a host and port; a socket path would be a file on the worker
                    egress.checkUnixSocket(Path.of(uri.getSocket()));
                    throw new EgressRefusedException(uri.getSocket() + " refused by the egress policy (a Unix socket)");
                }
                return egress.address(uri.getHost(), uri.getPort());
            } catch (UnknownHostException e) {
                // Lettuce fails the connection with it; the check finds the guard's reason in the causes
                throw new UncheckedIOException(e);
            }
        }
    }
}
