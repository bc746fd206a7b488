package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.CrwebProperties;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.StandardReactionServices;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamMemberRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Test runs of a reaction, before a real failure needs it: a dry run shows the exact request it would send; a real
 * run (after the person confirmed it) does it once, here in crweb, and shows the outcome. Neither is recorded as a
 * run of any monitor.
 *
 * <p>A test run acts as if one of the person's monitors changed (the one chosen, else the first the reaction is
 * attached to), so the name and the link in what it sends are those a real run for that monitor would send. Without
 * either it acts for an example monitor, whose link leads nowhere, and the result says so.
 */
@Service
class ReactionTestRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionTestRuns.class);

    private final ReactionService reactions;
    private final MonitorService monitors;
    private final SecretBox secrets;
    private final CrwebProperties properties;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final Quotas quotas;
    private final Egress egress;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile StandardReactionServices services;

    private final AuditLog audit;

    private final TeamMemberRepository members;

    ReactionTestRuns(
            ReactionService reactions,
            MonitorService monitors,
            SecretBox secrets,
            CrwebProperties properties,
            PublicUrl publicUrl,
            Clock clock,
            Quotas quotas,
            Egress egress,
            TeamMemberRepository members,
            AuditLog audit) {
        this.audit = audit;
        this.members = members;
        this.quotas = quotas;
        this.egress = egress;
        this.reactions = reactions;
        this.monitors = monitors;
        this.secrets = secrets;
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /**
     * What a test run reports: the request of a dry run, or the outcome of a real one, and the monitor it acted as if
     * for ({@code exampleMonitor} when the person has none: its id is 0 and its link leads nowhere).
     */
    record TestRun(
            boolean dryRun,
            boolean supported,
            Status direction,
            String request,
            ReactionResult result,
            long monitorId,
            String monitorName,
            boolean exampleMonitor)
            // Serializable: shown on the next page through a flash attribute, which lives in the session store
            implements java.io.Serializable {}

    /**
     * The exact request the reaction would send for a change to {@code direction}; nothing is contacted. A reaction
     * that cannot be made (a stored secret that does not open) answers a FAILED result saying why.
     */
    TestRun dryRun(long teamId, long reactionId, Status direction, String by, Long monitorId) {
        ReactionConfig config = reactions.get(teamId, reactionId);
        StatusChanged change = change(teamId, config, direction, by, monitorId);
        Reaction reaction;
        try {
            reaction = create(config);
        } catch (SecretBox.SecretException | ReactionCalls.UnusableSettings e) {
            return new TestRun(
                    true,
                    true,
                    direction,
                    null,
                    ReactionResult.failed(e.getMessage()),
                    change.monitorId(),
                    change.monitorName(),
                    change.monitorId() == 0);
        }
        Optional<String> request = reaction.dryRun(change);
        audit.record(
                teamId,
                AuditAction.REACTION_DRY_RUN,
                Target.reaction(reactionId, config.getName()),
                "as if the monitor went " + direction);
        return new TestRun(
                true,
                request.isPresent(),
                direction,
                request.orElse(null),
                null,
                change.monitorId(),
                change.monitorName(),
                change.monitorId() == 0);
    }

    /**
     * Runs the reaction once for real for a change to {@code direction}, within its time budget. It counts against
     * the account's test runs per minute, and an email against its emails per hour: over that quota the email is not
     * sent and the result says so.
     *
     * @throws QuotaExceededException when the account started as many real test runs as it may this minute
     */
    TestRun runForReal(long teamId, long reactionId, Status direction, String by, Long monitorId) {
        ReactionConfig config = reactions.get(teamId, reactionId);
        StatusChanged change = change(teamId, config, direction, by, monitorId);
        quotas.takeTestRun(teamId);
        ReactionResult result;
        try {
            Reaction reaction = create(config);
            Optional<String> overQuota = type(config).sendsEmail() ? quotas.takeEmail(teamId) : Optional.empty();
            result = overQuota.isPresent()
                    ? ReactionResult.failed(overQuota.get())
                    : ReactionCalls.runWithin(
                            executor,
                            reaction,
                            change,
                            Duration.ofSeconds(config.getTimeoutSeconds()),
                            "cloudroutes-test-run-" + UUID.randomUUID());
        } catch (SecretBox.SecretException | ReactionCalls.UnusableSettings e) {
            result = ReactionResult.failed(e.getMessage());
        }
        log.info(
                "reaction test run reaction={} type={} by={} direction={} monitor={} outcome={}",
                reactionId,
                config.getReactionType(),
                by,
                direction,
                change.monitorId(),
                result.outcome());
        audit.record(
                teamId,
                AuditAction.REACTION_TEST_RUN,
                Target.reaction(reactionId, config.getName()),
                "ran for real as if the monitor went " + direction + ": " + result.outcome());
        return new TestRun(
                false,
                true,
                direction,
                null,
                result,
                change.monitorId(),
                change.monitorName(),
                change.monitorId() == 0);
    }

    /** The monitors a test run may act as if for, those the reaction is attached to first. */
    List<MonitorService.ReactionSubject> subjects(long teamId, long reactionId) {
        return monitors.subjectsFor(teamId, reactionId);
    }

    private ReactionType type(ReactionConfig config) {
        return reactions
                .types()
                .find(config.getReactionType())
                .orElseThrow(() -> new IllegalStateException("reaction type " + config.getReactionType() + " is gone"));
    }

    private Reaction create(ReactionConfig config) {
        return ReactionCalls.create(
                type(config),
                config.getSettings(),
                Optional.of(secrets),
                config.secretScope(),
                services(),
                () -> members.findOnCallEmails(config.getTeamId()));
    }

    /**
     * The services, made on first use: the public URL in links is known once the UI is being served. A test run
     * connects through the same egress guard as the actioner's runs.
     */
    private ReactionServices services() {
        ReactionServices current = services;
        if (current == null) {
            synchronized (this) {
                if (services == null) {
                    services = StandardReactionServices.of(
                            properties.smtp(), properties.mail().from(), publicUrl.get(), egress);
                }
                current = services;
            }
        }
        return current;
    }

    /**
     * The change a test run reacts to: the chosen monitor of the person (404 when it is not theirs), else the first
     * the reaction is attached to, else an example monitor.
     */
    private StatusChanged change(long teamId, ReactionConfig config, Status direction, String by, Long monitorId) {
        Status from = direction == Status.FAILED ? Status.HEALTHY : Status.FAILED;
        long id = 0;
        String name = "test run of " + config.getName();
        if (monitorId != null) {
            var chosen = monitors.get(teamId, monitorId);
            id = chosen.getId();
            name = chosen.getName();
        } else {
            Optional<MonitorService.ReactionSubject> attached = monitors.subjectsFor(teamId, config.getId()).stream()
                    .filter(MonitorService.ReactionSubject::attached)
                    .findFirst();
            if (attached.isPresent()) {
                id = attached.get().id();
                name = attached.get().name();
            }
        }
        return new StatusChanged(id, name, from, direction, "test run by " + by, "test", clock.millis(), 1);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
        if (services != null) {
            services.close();
        }
    }
}
