package io.cloudroutes.crweb.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.system.DatabaseOutage;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Issues, rotates and checks the per-monitor secrets that authenticate pushed results (webhooks, heartbeat pings).
 * Only the SHA-256 of a secret is stored; the secret itself is returned once, to be shown once.
 *
 * <p>A secret that authenticated a push within {@link #TRUSTED_FOR} is accepted again without a database round trip,
 * so a busy sender costs no query per delivery: a secret rotated or a monitor paused or deleted through another crweb
 * takes effect at most that long later (through this crweb, at once). While the database cannot be reached, a secret
 * that authenticated within {@link #OUTAGE_GRACE} is still accepted, so that webhooks and pings go on being recorded
 * (the actioners fold them from Redis); nothing can be rotated meanwhile, since rotating writes to that database.
 */
@Service
public class PushSecrets {

    static final String PREFIX = "crw_";
    /** How long what was read of a monitor's secret is trusted alone. */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(5);
    /** How long it is trusted while the database cannot be reached. */
    static final Duration OUTAGE_GRACE = Duration.ofHours(1);

    private static final int MOST_REMEMBERED = 100_000;

    /** What a push's authentication last read of its monitor: the hash that matched and the monitor then. */
    private record Accepted(String secretHash, Monitor monitor, long readAtNanos) {}

    private final MonitorRepository monitors;
    private final PushEndpoints endpoints;
    private final PushedTypes pushedTypes;
    private final DatabaseOutage outage;
    private final Clock clock = Clock.systemUTC();
    private final Cache<Long, Accepted> accepted = Caffeine.newBuilder()
            .maximumSize(MOST_REMEMBERED)
            .expireAfterWrite(OUTAGE_GRACE)
            .build();

    private final AuditLog audit;

    PushSecrets(
            MonitorRepository monitors,
            PushEndpoints endpoints,
            DatabaseOutage outage,
            PushedTypes pushedTypes,
            AuditLog audit) {
        this.audit = audit;
        this.pushedTypes = pushedTypes;
        this.monitors = monitors;
        this.endpoints = endpoints;
        this.outage = outage;
    }

    /** The monitor changed or is gone: its next push is checked against the database again. */
    public void forget(long monitorId) {
        accepted.invalidate(monitorId);
    }

    /**
     * Gives a monitor of a pushed type that is being created its first secret, before it is saved, so that the hash is
     * part of its insert; empty for a monitor that workers check. {@link #issued} adds the endpoints once it has an id.
     */
    public Optional<String> giveFirstSecret(Monitor unsaved) {
        if (!pushed(unsaved)) {
            return Optional.empty();
        }
        String secret = SecretTokens.generate(PREFIX);
        unsaved.setPushSecretHash(SecretTokens.hash(secret), clock.instant());
        return Optional.of(secret);
    }

    /** The secret {@link #giveFirstSecret} gave the monitor, with the endpoints that use it. */
    public IssuedSecret issued(Monitor saved, String secret) {
        return new IssuedSecret(saved.getId(), secret, endpoints.forMonitor(saved, secret));
    }

    /**
     * Replaces the secret of the user's monitor and returns the new one; the old secret stops working when this
     * commits. 404 for a monitor that is not the user's, 400 for one whose results are not pushed.
     */
    @Transactional
    public String rotate(long teamId, long monitorId) {
        return replace(teamId, monitorId).secret();
    }

    /** {@link #rotate} with the endpoints that use the new secret, for pages that show both. */
    @Transactional
    public IssuedSecret replace(long teamId, long monitorId) {
        Monitor monitor = monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        if (!pushed(monitor)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "monitor " + monitorId + " has check type "
                            + pushedTypes.quotedName(monitor.getCheckType())
                            + ", which CloudRoutes' workers check; only "
                            + "monitors whose results are pushed (webhooks, heartbeat pings) have a push secret");
        }
        String secret = SecretTokens.generate(PREFIX);
        monitor.setPushSecretHash(SecretTokens.hash(secret), clock.instant());
        monitor.touch();
        monitors.save(monitor);
        audit.record(
                teamId,
                AuditAction.PUSH_SECRET_ROTATED,
                Target.monitor(monitorId, monitor.getName()),
                "the former secret stops working now");
        forget(monitorId);
        return new IssuedSecret(monitorId, secret, endpoints.forMonitor(monitor, secret));
    }

    /**
     * The monitor {@code secret} authenticates for {@code monitorId}; empty when the monitor does not exist, has no
     * secret or has another one, so that callers cannot tell these apart. The hashes are compared in constant time.
     * Throws the database's exception when it cannot be reached and the secret was not accepted recently.
     */
    public Optional<Monitor> authenticate(long monitorId, String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String presented = SecretTokens.hash(secret.trim());
        Accepted known = accepted.getIfPresent(monitorId);
        Accepted matching = known != null && SecretTokens.sameHash(presented, known.secretHash()) ? known : null;
        return outage.readOrRemembered(
                matching == null ? null : Optional.of(matching.monitor()),
                matching == null ? 0 : matching.readAtNanos(),
                TRUSTED_FOR,
                () -> {
                    Optional<Monitor> found = monitors.findById(monitorId)
                            .filter(m -> SecretTokens.sameHash(presented, m.getPushSecretHash()));
                    if (found.isPresent()) {
                        accepted.put(monitorId, new Accepted(presented, found.get(), System.nanoTime()));
                    } else if (matching != null) {
                        forget(monitorId); // rotated, or the monitor deleted, through another crweb
                    }
                    return found;
                });
    }

    private boolean pushed(Monitor monitor) {
        return pushedTypes.pushed(monitor.getCheckType());
    }
}
