package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;

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
            PushSecrets pushSecrets) {
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

    /** A form for a new monitor of the type, checked from the first zone the operator lists. */
    public MonitorForm newForm(CheckType type) {
        MonitorForm form = MonitorForm.forType(type);
        form.setZones(zones.first());
        return form;
    }

    public List<Monitor> list(long ownerId) {
        return monitors.findByOwnerIdOrderByNameAsc(ownerId);
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

    /** One of the user's monitors as a test run of a reaction can stand in for it; {@code attached} to that reaction. */
    public record ReactionSubject(long id, String name, boolean attached) {}

    /** The user's monitors, those the reaction is attached to first, each group by name. */
    @Transactional(readOnly = true)
    public List<ReactionSubject> subjectsFor(long ownerId, long reactionId) {
        return monitors.findByOwnerIdOrderByNameAsc(ownerId).stream()
                .map(m -> new ReactionSubject(
                        m.getId(), m.getName(), m.getReactions().stream().anyMatch(r -> r.getId() == reactionId)))
                .sorted(java.util.Comparator.comparing((ReactionSubject s) -> !s.attached()))
                .toList();
    }

    /** The user's monitor, or 404 whether it does not exist or is someone else's. */
    @Transactional(readOnly = true)
    public Monitor get(long ownerId, long monitorId) {
        Monitor monitor = monitors.findByIdAndOwnerId(monitorId, ownerId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitor.getReactions().size(); // loaded for the page, outside this transaction
        return monitor;
    }

    /**
     * A monitor just created, with the push secret of a pushed type (webhook, heartbeat), which exists in clear only
     * here; empty for a type that workers check.
     */
    public record Created(Monitor monitor, Optional<IssuedSecret> pushSecret) {}

    /** One monitor of a {@link #createAll create}: what was asked, and where what is wrong with it goes. */
    public record NewMonitor(MonitorForm form, Errors errors) {}

    /**
     * Validates and saves a new monitor; returns empty (and fills {@code errors}) when the input is not acceptable.
     *
     * @throws QuotaExceededException when the account has as many monitors as it may
     */
    @Transactional
    public Optional<Created> create(long ownerId, MonitorForm form, Errors errors) {
        return createAll(ownerId, List.of(new NewMonitor(form, errors))).map(List::getFirst);
    }

    /**
     * Validates every new monitor with the rules of a single create and, only when all are acceptable, saves them all,
     * each with its outbox entry, in this one transaction (returned in the order asked); otherwise saves nothing and
     * returns empty, each one's errors in its {@link NewMonitor#errors()}. The quota is counted once for all of them,
     * the reactions they name are read once, and the rows are inserted in JDBC batches.
     *
     * @throws QuotaExceededException when the account cannot have that many more monitors
     */
    @Transactional
    public Optional<List<Created>> createAll(long ownerId, List<NewMonitor> asked) {
        quotas.claim(ownerId, Quota.MONITORS, asked.size());
        Map<Long, ReactionConfig> named = ownedReactions(
                ownerId,
                asked.stream()
                        .flatMap(monitor -> monitor.form().getReactionIds().stream())
                        .toList());
        List<Monitor> valid = new ArrayList<>(asked.size());
        for (NewMonitor monitor : asked) {
            fill(ownerId, monitor.form(), monitor.errors(), named).ifPresent(valid::add);
        }
        if (valid.size() != asked.size()) {
            return Optional.empty();
        }
        List<Created> created = new ArrayList<>(valid.size());
        for (Monitor monitor : valid) {
            // the secret's hash goes into the row's insert; its endpoints name the id, known once it is persisted
            Optional<String> secret = pushSecrets.giveFirstSecret(monitor);
            monitors.save(monitor);
            created.add(new Created(monitor, secret.map(value -> pushSecrets.issued(monitor, value))));
        }
        outbox.upsertAll(valid.stream().map(Monitor::getId).toArray(Long[]::new));
        return Optional.of(created);
    }

    /** A new monitor of the form's type, validated and filled in; empty (with {@code errors}) if it is not acceptable. */
    private Optional<Monitor> fill(long ownerId, MonitorForm form, Errors errors, Map<Long, ReactionConfig> named) {
        Optional<CheckType> type = types.find(form.getCheckType());
        if (type.isEmpty()) {
            if (!errors.hasFieldErrors("checkType")) {
                errors.rejectValue(
                        "checkType",
                        "unknown",
                        "unknown check type '" + form.getCheckType() + "'; choose one of "
                                + String.join(
                                        ", ",
                                        types.all().stream().map(CheckType::id).toList()));
            }
            return Optional.empty();
        }
        if (type.get().pushed() && form.getFailThreshold() == null) {
            form.setFailThreshold(1); // the sender already decided: one pushed failure is a failure
        }
        Monitor monitor = new Monitor(ownerId, form.getName(), type.get().id());
        List<ReactionConfig> attached = form.getReactionIds().stream()
                .map(named::get)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        return fill(monitor, type.get(), form, errors, attached) ? Optional.of(monitor) : Optional.empty();
    }

    /** The owner's reactions among {@code ids}, by id; read only when some are named. */
    private Map<Long, ReactionConfig> ownedReactions(long ownerId, List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, ReactionConfig> owned = new HashMap<>();
        reactions.findByOwnerIdAndIdIn(ownerId, new HashSet<>(ids)).forEach(r -> owned.put(r.getId(), r));
        return owned;
    }

    @Transactional
    public Optional<Monitor> update(long ownerId, long monitorId, MonitorForm form, Errors errors) {
        Monitor monitor = monitors.findByIdAndOwnerId(monitorId, ownerId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        CheckType type = types.find(monitor.getCheckType())
                .orElseThrow(() -> new IllegalStateException("check type " + monitor.getCheckType() + " is gone"));
        form.setCheckType(monitor.getCheckType()); // the type of a monitor does not change
        List<ReactionConfig> attached =
                List.copyOf(ownedReactions(ownerId, form.getReactionIds()).values());
        if (!fill(monitor, type, form, errors, attached)) {
            return Optional.empty();
        }
        monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitorId));
        pushSecrets.forget(monitorId);
        return Optional.of(monitor);
    }

    /** Holds the monitor's status at {@code status} (null releases it); written with an outbox entry like any change. */
    @Transactional
    public void override(long ownerId, long monitorId, Status status, String by) {
        Monitor monitor = monitors.findByIdAndOwnerId(monitorId, ownerId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitor.override(status, by);
        monitor.touch();
        monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitorId));
        pushSecrets.forget(monitorId);
    }

    /** Attaches one of the owner's reactions to one of their monitors; attaching twice changes nothing. */
    @Transactional
    public void link(long ownerId, long monitorId, long reactionId) {
        Monitor monitor = get(ownerId, monitorId);
        ReactionConfig reaction = reactions
                .findByIdAndOwnerId(reactionId, ownerId)
                .orElseThrow(() -> new NotFoundException("reaction " + reactionId));
        if (monitor.getReactions().add(reaction)) {
            monitor.touch();
            monitors.save(monitor);
            outbox.save(OutboxEntry.upsert(monitorId));
            pushSecrets.forget(monitorId);
        }
    }

    /** Detaches a reaction from a monitor; the reaction itself stays. */
    @Transactional
    public void unlink(long ownerId, long monitorId, long reactionId) {
        Monitor monitor = get(ownerId, monitorId);
        if (monitor.getReactions().removeIf(reaction -> reaction.getId() == reactionId)) {
            monitor.touch();
            monitors.save(monitor);
            outbox.save(OutboxEntry.upsert(monitorId));
            pushSecrets.forget(monitorId);
        } else {
            throw new NotFoundException("reaction " + reactionId + " on monitor " + monitorId);
        }
    }

    @Transactional
    public void delete(long ownerId, long monitorId) {
        Monitor monitor = monitors.findByIdAndOwnerId(monitorId, ownerId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
        monitors.delete(monitor);
        outbox.save(OutboxEntry.delete(monitorId));
        pushSecrets.forget(monitorId);
        deliveries.forgetWhenCommitted(monitorId);
    }

    /**
     * The zone names the user typed, comma-separated; adds a field error on {@code zones} when they do not fit. A
     * checked monitor may name only the zones the operator lists (CLOUDROUTES_ZONES): no worker would check it from
     * another. A pushed monitor (webhook, heartbeat) is never checked from a zone.
     */
    private List<String> zones(String typed, boolean pushed, Errors errors) {
        List<String> named = typed == null
                ? List.of()
                : Arrays.stream(typed.split(","))
                        .map(String::trim)
                        .filter(z -> !z.isEmpty())
                        .toList();
        if (named.isEmpty()) {
            errors.rejectValue("zones", "required", "name at least one zone, e.g. " + zones.first());
        } else if (named.size() > Limits.Zones.MOST) {
            errors.rejectValue("zones", "tooMany", Limits.Zones.MESSAGE);
        } else if (new HashSet<>(named).size() != named.size()) {
            errors.rejectValue("zones", "duplicate", "each zone once, please");
        } else {
            named.stream()
                    .filter(z -> !ZoneNames.valid(z))
                    .findFirst()
                    .ifPresentOrElse(
                            bad -> errors.rejectValue(
                                    "zones",
                                    "invalid",
                                    "'" + shortened(bad) + "' is not a zone name: use " + ZoneNames.RULE),
                            () -> named.stream()
                                    .filter(z -> !pushed && !zones.zones().contains(z))
                                    .findFirst()
                                    .ifPresent(unknown -> errors.rejectValue(
                                            "zones",
                                            "unknown",
                                            "'" + unknown
                                                    + "' is not a zone of this installation: choose from "
                                                    + String.join(", ", zones.zones())
                                                    + " (the operator lists them in CLOUDROUTES_ZONES)")));
        }
        return named;
    }

    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /**
     * Checks the form against the monitor's type and the operator's limits, and when it is acceptable writes it into
     * {@code monitor} (not saved yet) and returns true; otherwise fills {@code errors} and leaves the monitor as it was.
     * {@code attached} are those of the form's reactions that the owner has.
     */
    private boolean fill(
            Monitor monitor, CheckType type, MonitorForm form, Errors errors, List<ReactionConfig> attached) {
        int min = properties.monitors().minIntervalSeconds();
        int max = properties.monitors().maxIntervalSeconds();
        if (form.getIntervalSeconds() != null && (form.getIntervalSeconds() < min || form.getIntervalSeconds() > max)) {
            errors.rejectValue("intervalSeconds", "range", Limits.IntervalSeconds.message(min, max));
        }
        if (form.getIntervalSeconds() != null
                && form.getTimeoutSeconds() != null
                && form.getTimeoutSeconds() > form.getIntervalSeconds()
                && !errors.hasFieldErrors("intervalSeconds")) {
            errors.rejectValue(
                    "timeoutSeconds",
                    "range",
                    "the timeout cannot be longer than the interval (" + form.getIntervalSeconds() + " s)");
        }
        List<String> zones = zones(form.getZones(), type.pushed(), errors);
        List<FieldProblem> settingProblems = new ArrayList<>();
        Map<String, String> values = PluginSettings.merge(
                type,
                form.getSettings(),
                monitor.getId() == null ? Map.of() : monitor.getSettings(),
                form.getClearSecrets(),
                monitor.secretScope(),
                secrets,
                settingProblems);
        FieldProblem.copyTo(settingProblems, (BindingResult) errors);
        if (attached.size() != new HashSet<>(form.getReactionIds()).size()) {
            errors.rejectValue("reactionIds", "unknown", "one of the chosen reactions does not exist");
        }
        if (errors.hasErrors()) {
            return false;
        }
        monitor.setName(form.getName().trim());
        monitor.setSettings(PluginSettings.forStorage(type, values, monitor.secretScope(), secrets));
        monitor.setIntervalSeconds(form.getIntervalSeconds());
        monitor.setTimeoutSeconds(form.getTimeoutSeconds());
        monitor.setFailThreshold(form.getFailThreshold());
        monitor.setRecoverThreshold(form.getRecoverThreshold());
        monitor.setEnabled(form.isEnabled());
        monitor.setZones(zones);
        monitor.setQuorum(form.getQuorum());
        monitor.setReactions(new HashSet<>(attached));
        monitor.touch();
        return true;
    }
}
