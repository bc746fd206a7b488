package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.audit.Changes;
import io.cloudroutes.crweb.push.DeliveryLog;
import io.cloudroutes.crweb.push.IssuedSecret;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.CrwebProperties;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes a user's monitors. Each change writes the monitor and an outbox entry in one
 * transaction, so the bridge brings Redis in step with exactly what was committed.
 */
@Service
public class MonitorService {

    private final MonitorRepository monitors;
    private final ReactionConfigRepository reactions;
    private final OutboxRepository outbox;
    private final PluginRegistry<CheckType> types;
    private final CrwebProperties properties;
    private final SecretBox secrets;
    private final DeliveryLog deliveries;
    private final Quotas quotas;
    private final ZoneProperties zones;
    private final PushSecrets pushSecrets;
    private final MonitorDependencies dependencies;

    private final AuditLog audit;

    MonitorService(
            PluginRegistry<CheckType> types,
            MonitorRepository monitors,
            ReactionConfigRepository reactions,
            OutboxRepository outbox,
            CrwebProperties properties,
            SecretBox secrets,
            DeliveryLog deliveries,
            Quotas quotas,
            ZoneProperties zones,
            PushSecrets pushSecrets,
            AuditLog audit,
            MonitorDependencies dependencies) {
        this.audit = audit;
        this.dependencies = dependencies;
        this.types = types;
        this.zones = zones;
        this.pushSecrets = pushSecrets;
        this.quotas = quotas;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.monitors = monitors;
        this.reactions = reactions;
        this.outbox = outbox;
        this.properties = properties;
    }

    public PluginRegistry<CheckType> types() {
        return types;
    }

    /** The zones a monitor may name (CLOUDROUTES_ZONES). */
    public List<String> zones() {
        return zones.zones();
    }

    /** A new monitor of the type, checked from the first zone the operator lists. */
    public MonitorDraft newDraft(CheckType type) {
        return MonitorDraft.forType(type, zones.first());
    }

    SecretBox secrets() {
        return secrets;
    }

    /** The team's reactions by name, to attach to a monitor or to replay on one. */
    public List<ReactionConfig> reactionsOf(long teamId) {
        return reactions.findByTeamIdOrderByNameAsc(teamId);
    }

    public List<Monitor> list(long teamId) {
        return monitors.findByTeamIdOrderByNameAsc(teamId);
    }

    /** A page of the team's monitors, oldest first, their reactions read. */
    @Transactional(readOnly = true)
    public Page<Monitor> page(long teamId, Pageable page) {
        Page<Monitor> found = monitors.findByTeamIdOrderByIdAsc(teamId, page);
        found.forEach(monitor -> {
            monitor.getReactions().size(); // read for the answer, outside this transaction
            monitor.getDependsOn().size();
        });
        return found;
    }

    /** What the monitor checks, in a few words (its type's {@link CheckType#target}); never a secret. */
    public String target(Monitor monitor) {
        return types.find(monitor.getCheckType())
                .map(type -> type.target(monitor.getSettings()))
                .orElse("");
    }

    /** {@link #target} of each monitor, by id. */
    public Map<Long, String> targets(List<Monitor> owned) {
        Map<Long, String> targets = new java.util.HashMap<>();
        owned.forEach(monitor -> targets.put(monitor.getId(), target(monitor)));
        return targets;
    }

    /** The team's monitors among these ids (others are left out), in one read: the rows of a page. */
    @Transactional(readOnly = true)
    public List<Monitor> ofTeam(long teamId, java.util.Collection<Long> ids) {
        return monitors.findAllById(ids).stream()
                .filter(monitor -> monitor.getTeamId() == teamId)
                .toList();
    }

    /** One of the user's monitors as a test run of a reaction can stand in for it; {@code attached} to that reaction. */
    public record ReactionSubject(long id, String name, boolean attached) {}

    /** The user's monitors, those the reaction is attached to first, each group by name. */
    @Transactional(readOnly = true)
    public List<ReactionSubject> subjectsFor(long teamId, long reactionId) {
        return monitors.findByTeamIdOrderByNameAsc(teamId).stream()
                .map(m -> new ReactionSubject(
                        m.getId(), m.getName(), m.getReactions().stream().anyMatch(r -> r.getId() == reactionId)))
                .sorted(java.util.Comparator.comparing((ReactionSubject s) -> !s.attached()))
                .toList();
    }

    /** The user's monitor, or 404 whether it does not exist or is someone else's. */
    @Transactional(readOnly = true)
    public Monitor get(long teamId, long monitorId) {
        Monitor monitor = monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitor.getReactions().size(); // loaded for the page, outside this transaction
        monitor.getDependsOn().size();
        return monitor;
    }

    /**
     * A monitor just created, with the push secret of a pushed type (webhook, heartbeat), which exists in clear only
     * here; empty for a type that workers check.
     */
    public record Created(Monitor monitor, Optional<IssuedSecret> pushSecret) {}

    /**
     * One monitor of a {@link #createAll create}: what was asked, and what checking the input found wrong with it
     * already (nothing is saved while it has anything).
     */
    public record NewMonitor(MonitorDraft draft, List<FieldProblem> found) {}

    /** What became of a {@link #createAll create}: all saved, or none, with what is wrong with each, in order. */
    public sealed interface Creation {

        record AllCreated(List<Created> created) implements Creation {}

        /** Each monitor's problems as the service found them (not those its {@link NewMonitor#found()} had). */
        record Refused(List<List<FieldProblem>> problems) implements Creation {}
    }

    /**
     * Checks a new monitor and saves it, unless it or {@code found} (what checking the input found already) has a
     * problem.
     *
     * @throws QuotaExceededException when the team has as many monitors as it may
     */
    @Transactional
    public SaveResult<Created> create(long teamId, long memberId, MonitorDraft draft, List<FieldProblem> found) {
        return switch (createAll(teamId, memberId, List.of(new NewMonitor(draft, found)))) {
            case Creation.AllCreated(var created) -> new SaveResult.Saved<>(created.getFirst());
            case Creation.Refused(var problems) -> new SaveResult.Refused<>(problems.getFirst());
        };
    }

    /**
     * Checks every new monitor with the rules of a single create and, only when all are acceptable, saves them all,
     * each with its outbox entry, in this one transaction (returned in the order asked); otherwise saves nothing. The
     * quota is counted once for all of them, the reactions they name are read once, and the rows are inserted in JDBC
     * batches.
     *
     * @throws QuotaExceededException when the team cannot have that many more monitors
     */
    @Transactional
    public Creation createAll(long teamId, long memberId, List<NewMonitor> asked) {
        quotas.claim(teamId, Quota.MONITORS, asked.size());
        Map<Long, ReactionConfig> named = ownedReactions(
                teamId,
                asked.stream()
                        .flatMap(monitor -> monitor.draft().reactionIds().stream())
                        .toList());
        List<Monitor> valid = new ArrayList<>(asked.size());
        List<List<FieldProblem>> problems = new ArrayList<>(asked.size());
        for (NewMonitor monitor : asked) {
            List<FieldProblem> found = new ArrayList<>();
            fill(teamId, memberId, monitor.draft(), monitor.found(), found, named)
                    .ifPresent(valid::add);
            problems.add(found);
        }
        if (valid.size() != asked.size()) {
            return new Creation.Refused(problems);
        }
        List<Created> created = new ArrayList<>(valid.size());
        for (Monitor monitor : valid) {
            // the secret's hash goes into the row's insert; its endpoints name the id, known once it is persisted
            Optional<String> secret = pushSecrets.giveFirstSecret(monitor);
            monitors.save(monitor);
            audit.record(
                    teamId,
                    AuditAction.MONITOR_CREATED,
                    Target.monitor(monitor.getId(), monitor.getName()),
                    monitor.getCheckType() + " monitor");
            created.add(new Created(monitor, secret.map(value -> pushSecrets.issued(monitor, value))));
        }
        outbox.upsertAll(valid.stream().map(Monitor::getId).toArray(Long[]::new));
        return new Creation.AllCreated(created);
    }

    /**
     * A new monitor of the draft's type, checked and filled in; empty (with {@code problems}) if it is not acceptable.
     */
    private Optional<Monitor> fill(
            long teamId,
            long memberId,
            MonitorDraft draft,
            List<FieldProblem> found,
            List<FieldProblem> problems,
            Map<Long, ReactionConfig> named) {
        Optional<CheckType> type = types.find(draft.checkType());
        if (type.isEmpty()) {
            if (!has(found, "checkType")) {
                problems.add(new FieldProblem(
                        "checkType",
                        "unknown check type '" + draft.checkType() + "'; choose one of "
                                + String.join(
                                        ", ",
                                        types.all().stream().map(CheckType::id).toList())));
            }
            return Optional.empty();
        }
        if (type.get().pushed() && draft.failThreshold() == null) {
            draft = draft.withFailThreshold(1); // the sender already decided: one pushed failure is a failure
        }
        Monitor monitor = new Monitor(teamId, memberId, draft.name(), type.get().id());
        List<ReactionConfig> attached = draft.reactionIds().stream()
                .map(named::get)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        dependencies.check(teamId, null, draft.name(), draft.dependsOn(), problems);
        return fill(monitor, type.get(), draft, found, problems, attached) ? Optional.of(monitor) : Optional.empty();
    }

    private static boolean has(List<FieldProblem> problems, String field) {
        return problems.stream().anyMatch(problem -> problem.field().equals(field));
    }

    /** The team's reactions among {@code ids}, by id; read only when some are named. */
    private Map<Long, ReactionConfig> ownedReactions(long teamId, List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, ReactionConfig> owned = new HashMap<>();
        reactions.findByTeamIdAndIdIn(teamId, new HashSet<>(ids)).forEach(r -> owned.put(r.getId(), r));
        return owned;
    }

    /** Like {@link #create}; a monitor keeps its type, whatever the draft names. */
    @Transactional
    public SaveResult<Monitor> update(long teamId, long monitorId, MonitorDraft draft, List<FieldProblem> found) {
        Monitor monitor = monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        CheckType type = types.find(monitor.getCheckType())
                .orElseThrow(() -> new IllegalStateException("check type " + monitor.getCheckType() + " is gone"));
        List<ReactionConfig> attached =
                List.copyOf(ownedReactions(teamId, draft.reactionIds()).values());
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> before = Changes.of(monitor);
        dependencies.check(teamId, monitorId, monitor.getName(), draft.dependsOn(), problems);
        if (!fill(monitor, type, draft, found, problems, attached)) {
            return new SaveResult.Refused<>(problems);
        }
        monitors.save(monitor);
        audit.record(
                teamId,
                AuditAction.MONITOR_CHANGED,
                Target.monitor(monitorId, monitor.getName()),
                Changes.between(before, Changes.of(monitor)));
        outbox.save(OutboxEntry.upsert(monitorId));
        pushSecrets.forget(monitorId);
        return new SaveResult.Saved<>(monitor);
    }

    /** Holds the monitor's status at {@code status} (null releases it); written with an outbox entry like any change. */
    @Transactional
    public void override(long teamId, long monitorId, Status status, String by) {
        Monitor monitor = monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitor.override(status, by);
        monitor.touch();
        monitors.save(monitor);
        audit.record(
                teamId,
                status == null ? AuditAction.MONITOR_RELEASED : AuditAction.MONITOR_HELD,
                Target.monitor(monitorId, monitor.getName()),
                status == null ? "status no longer held" : "status held at " + status);
        outbox.save(OutboxEntry.upsert(monitorId));
        pushSecrets.forget(monitorId);
    }

    /** Attaches one of the team's reactions to one of its monitors; attaching twice changes nothing. */
    @Transactional
    public void link(long teamId, long monitorId, long reactionId) {
        Monitor monitor = get(teamId, monitorId);
        ReactionConfig reaction = reactions
                .findByIdAndTeamId(reactionId, teamId)
                .orElseThrow(() -> new NotFoundException("reaction " + reactionId));
        if (monitor.getReactions().add(reaction)) {
            monitor.touch();
            monitors.save(monitor);
            audit.record(
                    teamId,
                    AuditAction.MONITOR_REACTION_ATTACHED,
                    Target.monitor(monitorId, monitor.getName()),
                    "reaction " + reaction.getId() + " (" + reaction.getName() + ")");
            outbox.save(OutboxEntry.upsert(monitorId));
            pushSecrets.forget(monitorId);
        }
    }

    /** Detaches a reaction from a monitor; the reaction itself stays. */
    @Transactional
    public void unlink(long teamId, long monitorId, long reactionId) {
        Monitor monitor = get(teamId, monitorId);
        if (monitor.getReactions().removeIf(reaction -> reaction.getId() == reactionId)) {
            monitor.touch();
            monitors.save(monitor);
            audit.record(
                    teamId,
                    AuditAction.MONITOR_REACTION_DETACHED,
                    Target.monitor(monitorId, monitor.getName()),
                    "reaction " + reactionId);
            outbox.save(OutboxEntry.upsert(monitorId));
            pushSecrets.forget(monitorId);
        } else {
            throw new NotFoundException("reaction " + reactionId + " on monitor " + monitorId);
        }
    }

    @Transactional
    public void delete(long teamId, long monitorId) {
        Monitor monitor = monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitors.delete(monitor);
        audit.record(
                teamId,
                AuditAction.MONITOR_DELETED,
                Target.monitor(monitorId, monitor.getName()),
                monitor.getCheckType() + " monitor");
        outbox.save(OutboxEntry.delete(monitorId));
        pushSecrets.forget(monitorId);
        deliveries.forgetWhenCommitted(monitorId);
    }

    /**
     * The zone names the user typed, comma-separated; adds a problem of {@code zones} when they do not fit. A
     * checked monitor may name only the zones the operator lists (CLOUDROUTES_ZONES): no worker would check it from
     * another. A pushed monitor (webhook, heartbeat) is never checked from a zone.
     */
    private List<String> zones(String typed, boolean pushed, List<FieldProblem> problems) {
        List<String> named = typed == null
                ? List.of()
                : Arrays.stream(typed.split(","))
                        .map(String::trim)
                        .filter(z -> !z.isEmpty())
                        .toList();
        if (named.isEmpty()) {
            problems.add(new FieldProblem("zones", "name at least one zone, e.g. " + zones.first()));
        } else if (named.size() > Limits.Zones.MOST) {
            problems.add(new FieldProblem("zones", Limits.Zones.MESSAGE));
        } else if (new HashSet<>(named).size() != named.size()) {
            problems.add(new FieldProblem("zones", "each zone once, please"));
        } else {
            named.stream()
                    .filter(z -> !ZoneNames.valid(z))
                    .findFirst()
                    .ifPresentOrElse(
                            bad -> problems.add(new FieldProblem(
                                    "zones", "'" + shortened(bad) + "' is not a zone name: use " + ZoneNames.RULE)),
                            () -> named.stream()
                                    .filter(z -> !pushed && !zones.zones().contains(z))
                                    .findFirst()
                                    .ifPresent(unknown -> problems.add(new FieldProblem(
                                            "zones",
                                            "'" + unknown
                                                    + "' is not a zone of this installation: choose from "
                                                    + String.join(", ", zones.zones())
                                                    + " (the operator lists them in CLOUDROUTES_ZONES)"))));
        }
        return named;
    }

    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /**
     * Checks the draft against the monitor's type and the operator's limits, and when neither it nor {@code found} has
     * a problem writes it into {@code monitor} (not saved yet) and returns true; otherwise adds to {@code problems} and
     * leaves the monitor as it was. {@code attached} are those of the draft's reactions that the owner has.
     */
    private boolean fill(
            Monitor monitor,
            CheckType type,
            MonitorDraft draft,
            List<FieldProblem> found,
            List<FieldProblem> problems,
            List<ReactionConfig> attached) {
        int min = properties.monitors().minIntervalSeconds();
        int max = properties.monitors().maxIntervalSeconds();
        if (draft.intervalSeconds() != null && (draft.intervalSeconds() < min || draft.intervalSeconds() > max)) {
            problems.add(new FieldProblem("intervalSeconds", Limits.IntervalSeconds.message(min, max)));
        }
        if (draft.intervalSeconds() != null
                && draft.timeoutSeconds() != null
                && draft.timeoutSeconds() > draft.intervalSeconds()
                && !has(found, "intervalSeconds")
                && !has(problems, "intervalSeconds")) {
            problems.add(new FieldProblem(
                    "timeoutSeconds",
                    "the timeout cannot be longer than the interval (" + draft.intervalSeconds() + " s)"));
        }
        List<String> zones = zones(draft.zones(), type.pushed(), problems);
        Map<String, String> values = PluginSettings.merge(
                type,
                draft.settings(),
                monitor.getId() == null ? Map.of() : monitor.getSettings(),
                draft.clearSecrets(),
                monitor.secretScope(),
                secrets,
                problems);
        problems.addAll(MonitorTags.problems(draft.tags()));
        if (attached.size() != new HashSet<>(draft.reactionIds()).size()) {
            problems.add(new FieldProblem("reactionIds", "one of the chosen reactions does not exist"));
        }
        if (!found.isEmpty() || !problems.isEmpty()) {
            return false;
        }
        monitor.setName(draft.name().trim());
        monitor.setSettings(PluginSettings.forStorage(type, values, monitor.secretScope(), secrets));
        monitor.setIntervalSeconds(draft.intervalSeconds());
        monitor.setTimeoutSeconds(draft.timeoutSeconds());
        monitor.setFailThreshold(draft.failThreshold());
        monitor.setRecoverThreshold(draft.recoverThreshold());
        monitor.setEnabled(draft.enabled());
        monitor.setZones(zones);
        monitor.setQuorum(draft.quorum());
        monitor.setReactions(new HashSet<>(attached));
        monitor.getDependsOn().clear();
        monitor.getDependsOn().addAll(draft.dependsOn());
        monitor.setTags(draft.tags());
        monitor.touch();
        return true;
    }
}
