package io.cloudroutes.crweb.push;

import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Issues, rotates and checks the per-monitor secrets that authenticate pushed results (webhooks, heartbeat pings).
 * Only the SHA-256 of a secret is stored; the secret itself is returned once, to be shown once.
 */
@Service
public class PushSecrets {

    static final String PREFIX = "crw_";

    private final MonitorRepository monitors;
    private final PushEndpoints endpoints;
    private final Clock clock = Clock.systemUTC();

    PushSecrets(MonitorRepository monitors, PushEndpoints endpoints) {
        this.monitors = monitors;
        this.endpoints = endpoints;
    }

    /** Gives a just-created monitor of a pushed type its first secret; empty for a monitor that workers check. */
    @Transactional
    public Optional<IssuedSecret> issueIfPushed(Monitor created) {
        if (!pushed(created)) {
            return Optional.empty();
        }
        return Optional.of(replace(created.getOwnerId(), created.getId()));
    }

    /**
     * Replaces the secret of the user's monitor and returns the new one; the old secret stops working when this
     * commits. 404 for a monitor that is not the user's, 400 for one whose results are not pushed.
     */
    @Transactional
    public String rotate(long ownerId, long monitorId) {
        return replace(ownerId, monitorId).secret();
    }

    /** {@link #rotate} with the endpoints that use the new secret, for pages that show both. */
    @Transactional
    public IssuedSecret replace(long ownerId, long monitorId) {
        Monitor monitor = monitors.findByIdAndOwnerId(monitorId, ownerId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        if (!pushed(monitor)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "monitor " + monitorId + " has check type "
                    + PushedTypes.quotedName(monitor.getCheckType()) + ", which CloudRoutes' workers check; only "
                    + "monitors whose results are pushed (webhooks, heartbeat pings) have a push secret");
        }
        String secret = SecretTokens.generate(PREFIX);
        monitor.setPushSecretHash(SecretTokens.hash(secret), clock.instant());
        monitor.touch();
        monitors.save(monitor);
        return new IssuedSecret(monitorId, secret, endpoints.forMonitor(monitor, secret));
    }

    /**
     * The monitor {@code secret} authenticates for {@code monitorId}; empty when the monitor does not exist, has no
     * secret or has another one, so that callers cannot tell these apart. The hashes are compared in constant time.
     */
    @Transactional(readOnly = true)
    public Optional<Monitor> authenticate(long monitorId, String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String presented = SecretTokens.hash(secret.trim());
        return monitors.findById(monitorId).filter(m -> SecretTokens.sameHash(presented, m.getPushSecretHash()));
    }

    private static boolean pushed(Monitor monitor) {
        return PushedTypes.pushed(monitor.getCheckType());
    }
}
