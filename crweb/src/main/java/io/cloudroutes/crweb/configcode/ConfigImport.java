package io.cloudroutes.crweb.configcode;

import static io.cloudroutes.crweb.configcode.ConfigExport.MONITOR;
import static io.cloudroutes.crweb.configcode.ConfigExport.REACTION;
import static io.cloudroutes.crweb.configcode.ConfigExport.STATUS_PAGE;
import static io.cloudroutes.crweb.configcode.ConfigExport.WINDOW;
import static io.cloudroutes.crweb.configcode.ConfigExport.key;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.configcode.ConfigDocument.MonitorItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.ReactionItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.StatusPageItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.WindowItem;
import io.cloudroutes.crweb.configcode.ConfigPlan.Action;
import io.cloudroutes.crweb.configcode.ConfigPlan.FieldChange;
import io.cloudroutes.crweb.configcode.ConfigPlan.ItemChange;
import io.cloudroutes.crweb.maintenance.MaintenanceAsCode;
import io.cloudroutes.crweb.monitor.MonitorDraft;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.monitor.MonitorTags;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.reaction.ReactionsAsCode;
import io.cloudroutes.crweb.statuspage.StatusPagesAsCode;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.statuspage.StatusPage;
import jakarta.persistence.EntityManager;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans and applies a configuration document to a team. Every item goes through the same drafts, checks and services
 * as the forms and the API, in one transaction, in the order reactions, monitors, their dependencies, maintenance
 * windows, status pages (then, with prune, the deletions): a plan is that transaction rolled back, so it finds every
 * problem an apply would, and compares the team before and after item by item. Any problem and nothing is changed.
 */
@Service
class ConfigImport {

    private static final List<String> KINDS = List.of(REACTION, MONITOR, WINDOW, STATUS_PAGE);

    private final ConfigExport export;
    private final ReactionsAsCode reactions;
    private final MonitorService monitors;
    private final MaintenanceAsCode windows;
    private final StatusPagesAsCode pages;
    private final Validator validator;
    private final EntityManager entities;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    ConfigImport(
            ConfigExport export,
            ReactionsAsCode reactions,
            MonitorService monitors,
            MaintenanceAsCode windows,
            StatusPagesAsCode pages,
            Validator validator,
            EntityManager entities,
            PlatformTransactionManager transactionManager,
            AuditLog audit) {
        this.export = export;
        this.reactions = reactions;
        this.monitors = monitors;
        this.windows = windows;
        this.pages = pages;
        this.validator = validator;
        this.entities = entities;
        this.transactions = new TransactionTemplate(transactionManager);
        this.audit = audit;
    }

    /** An apply refused because the team or the document changed since the plan the person reviewed. */
    static class StalePlan extends RuntimeException {
        StalePlan() {
            super("the team's configuration changed since these changes were reviewed (or the document, secrets or"
                    + " prune choice differ): nothing was applied; review the changes again");
        }
    }

    /** What applying would do; changes nothing. */
    ConfigPlan plan(ActiveTeam team, ConfigDocument document, Map<String, String> secrets, boolean prune) {
        Map<String, String> problems = structureProblems(document);
        if (!problems.isEmpty()) {
            throw new ConfigRefused(problems);
        }
        Map<String, Map<String, String>> before = export.snapshot(team.id());
        Map<String, Map<String, String>> after = transactions.execute(status -> {
            status.setRollbackOnly();
            Map<String, String> found = write(team, document, secrets, prune, null);
            if (!found.isEmpty()) {
                throw new ConfigRefused(found);
            }
            entities.flush();
            return export.snapshot(team.id());
        });
        return compare(document, prune, before, after);
    }

    /**
     * Applies the document in one transaction and audit-logs it; {@code reviewedHash}, when given, must be the hash of
     * the plan the person reviewed.
     */
    ConfigPlan apply(
            ActiveTeam team, ConfigDocument document, Map<String, String> secrets, boolean prune, String reviewedHash) {
        ConfigPlan plan = plan(team, document, secrets, prune);
        if (reviewedHash != null && !reviewedHash.isBlank() && !reviewedHash.equals(plan.hash())) {
            throw new StalePlan();
        }
        if (!plan.changes()) {
            return plan.asApplied();
        }
        Set<String> changed = new HashSet<>();
        plan.items().stream()
                .filter(item -> item.action() == Action.CREATE || item.action() == Action.UPDATE)
                .forEach(item -> changed.add(key(item.kind(), item.name())));
        transactions.executeWithoutResult(status -> {
            Map<String, String> found = write(team, document, secrets, prune, changed);
            if (!found.isEmpty()) {
                throw new ConfigRefused(found);
            }
            audit.record(
                    team.id(),
                    AuditAction.CONFIG_APPLIED,
                    new AuditLog.Target("configuration", null, team.name()),
                    plan.counts().create() + " created, " + plan.counts().update() + " updated, "
                            + plan.counts().delete() + " deleted");
        });
        return plan.asApplied();
    }

    /** Problems of the document as a whole: its version, and each item's name, present and unique in its kind. */
    private static Map<String, String> structureProblems(ConfigDocument document) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!Objects.equals(document.version(), ConfigDocument.VERSION)) {
            problems.put(
                    "version",
                    "the format version is " + ConfigDocument.VERSION + ": start the document with 'version: "
                            + ConfigDocument.VERSION + "'");
        }
        names("reactions", "name", document.reactions(), ReactionItem::name, problems);
        names("monitors", "name", document.monitors(), MonitorItem::name, problems);
        names("maintenanceWindows", "name", document.maintenanceWindows(), WindowItem::name, problems);
        names("statusPages", "slug", document.statusPages(), StatusPageItem::slug, problems);
        return problems;
    }

    private static <T> void names(
            String list, String key, List<T> items, Function<T, String> name, Map<String, String> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String value = item == null ? null : name.apply(item);
            if (value == null || value.isBlank()) {
                problems.put(list + "[" + i + "]." + key, "every item needs a " + key + ": items are matched by it");
            } else if (!seen.add(value.strip())) {
                problems.put(
                        path(list, key, value),
                        "the " + key + " '" + value + "' is used twice; each " + key + " once among the " + list);
            }
        }
    }

    private static String path(String list, String key, String name) {
        return list + "[" + key + "=" + name + "]";
    }

    /** The plan from the team's state before and after the document, compared item by item. */
    private static ConfigPlan compare(
            ConfigDocument document,
            boolean prune,
            Map<String, Map<String, String>> before,
            Map<String, Map<String, String>> after) {
        Set<String> inDocument = new HashSet<>();
        document.reactions().forEach(i -> inDocument.add(key(REACTION, i.name().strip())));
        document.monitors().forEach(i -> inDocument.add(key(MONITOR, i.name().strip())));
        document.maintenanceWindows()
                .forEach(i -> inDocument.add(key(WINDOW, i.name().strip())));
        document.statusPages()
                .forEach(i -> inDocument.add(key(STATUS_PAGE, i.slug().strip())));
        Set<String> keys =
                new TreeSet<>(Comparator.comparing((String k) -> KINDS.indexOf(k.substring(0, k.indexOf('\n'))))
                        .thenComparing(k -> k.substring(k.indexOf('\n') + 1)));
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        List<ItemChange> items = new ArrayList<>();
        int[] counts = new int[Action.values().length];
        for (String itemKey : keys) {
            String kind = itemKey.substring(0, itemKey.indexOf('\n'));
            String name = itemKey.substring(itemKey.indexOf('\n') + 1);
            Map<String, String> old = before.get(itemKey);
            Map<String, String> now = after.get(itemKey);
            Action action;
            List<FieldChange> fields = List.of();
            if (old == null) {
                action = Action.CREATE;
            } else if (!inDocument.contains(itemKey)) {
                action = prune ? Action.DELETE : Action.NOT_IN_DOCUMENT;
            } else {
                fields = changes(old, now == null ? Map.of() : now);
                action = fields.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
            }
            counts[action.ordinal()]++;
            items.add(new ItemChange(kind, name, action, fields));
        }
        // the digests of secrets stay out of the hash, which is shown: a guess at a secret cannot be checked against it
        String hash = ConfigExport.digest(
                withoutSecrets(before) + "\n" + withoutSecrets(after) + "\n" + items + "\n" + prune);
        return new ConfigPlan(
                false,
                prune,
                hash,
                items,
                new ConfigPlan.Counts(
                        counts[Action.CREATE.ordinal()],
                        counts[Action.UPDATE.ordinal()],
                        counts[Action.DELETE.ordinal()],
                        counts[Action.UNCHANGED.ordinal()],
                        counts[Action.NOT_IN_DOCUMENT.ordinal()]));
    }

    private static Map<String, Map<String, String>> withoutSecrets(Map<String, Map<String, String>> snapshot) {
        Map<String, Map<String, String>> kept = new java.util.TreeMap<>();
        snapshot.forEach((item, fields) -> {
            Map<String, String> plain = new java.util.TreeMap<>(fields);
            plain.keySet().removeIf(field -> field.endsWith(ConfigExport.SECRET_VALUE));
            kept.put(item, plain);
        });
        return kept;
    }

    /** The fields that differ; a secret only as set, changed or removed. */
    private static List<FieldChange> changes(Map<String, String> old, Map<String, String> now) {
        Set<String> fields = new TreeSet<>(old.keySet());
        fields.addAll(now.keySet());
        List<FieldChange> changes = new ArrayList<>();
        Set<String> secretsReported = new HashSet<>();
        for (String field : fields) {
            if (field.endsWith(ConfigExport.SECRET_VALUE)) {
                String setting = field.substring(0, field.length() - ConfigExport.SECRET_VALUE.length());
                if (!Objects.equals(old.get(field), now.get(field))) {
                    secretsReported.add(setting);
                    changes.add(new FieldChange(
                            setting,
                            old.containsKey(field) ? "(secret)" : "(none)",
                            !now.containsKey(field)
                                    ? "(none)"
                                    : old.containsKey(field) ? "(secret changed)" : "(secret set)"));
                }
            }
        }
        for (String field : fields) {
            if (field.endsWith(ConfigExport.SECRET_VALUE) || secretsReported.contains(field)) {
                continue;
            }
            if (!Objects.equals(old.get(field), now.get(field))) {
                changes.add(
                        new FieldChange(field, old.getOrDefault(field, "(none)"), now.getOrDefault(field, "(none)")));
            }
        }
        changes.sort(Comparator.comparing(FieldChange::field));
        return changes;
    }

    /**
     * Writes the document into the team inside the caller's transaction: every item, or only those whose keys are in
     * {@code only}; with prune, deletes what the document does not name. Returns the problems found, by path.
     */
    private Map<String, String> write(
            ActiveTeam team, ConfigDocument document, Map<String, String> secrets, boolean prune, Set<String> only) {
        long teamId = team.id();
        Map<String, String> problems = new LinkedHashMap<>();

        Map<String, ReactionConfig> storedReactions =
                byName(reactions.list(teamId), ReactionConfig::getName, "reactions", problems);
        Map<String, Long> reactionIds = new HashMap<>();
        storedReactions.forEach((name, r) -> reactionIds.put(name, r.getId()));
        for (ReactionItem item : document.reactions()) {
            String name = item.name().strip();
            String path = path("reactions", "name", name);
            ReactionConfig stored = storedReactions.get(name);
            if (only != null && !only.contains(key(REACTION, name))) {
                continue;
            }
            if (stored != null && item.type() != null && !item.type().equals(stored.getReactionType())) {
                problems.put(path + ".type", keepsType("reaction", stored.getReactionType(), item.type()));
                continue;
            }
            String typeId = stored != null ? stored.getReactionType() : item.type();
            Optional<? extends PluginType> type =
                    typeId == null ? Optional.empty() : reactions.types().find(typeId);
            Resolved settings = resolve(
                    path, item.settings(), type, stored == null ? null : stored.getSettings(), secrets, problems);
            ReactionsAsCode.Fields fields = new ReactionsAsCode.Fields(
                    name,
                    typeId,
                    item.callOn(),
                    item.triggerCount(),
                    item.frequencySeconds(),
                    item.timeoutSeconds(),
                    item.maxAttempts(),
                    item.escalationStep(),
                    item.escalationWaitSeconds(),
                    item.disruptive(),
                    item.verifyWithinSeconds(),
                    item.approvalRequired(),
                    item.approvalTimeoutSeconds(),
                    item.onApprovalTimeout(),
                    settings.values(),
                    settings.cleared());
            saved(
                            path,
                            problems,
                            () -> stored == null
                                    ? reactions.create(teamId, team.memberId(), fields)
                                    : reactions.update(teamId, stored.getId(), fields))
                    .ifPresent(r -> reactionIds.put(name, r.getId()));
        }

        Map<String, Monitor> storedMonitors = byName(monitors.list(teamId), Monitor::getName, "monitors", problems);
        Map<String, Long> monitorIds = new HashMap<>();
        storedMonitors.forEach((name, m) -> monitorIds.put(name, m.getId()));
        Map<String, MonitorDraft> drafts = new HashMap<>();
        for (MonitorItem item : document.monitors()) {
            String name = item.name().strip();
            String path = path("monitors", "name", name);
            Monitor stored = storedMonitors.get(name);
            if (only != null && !only.contains(key(MONITOR, name))) {
                continue;
            }
            if (stored != null && item.type() != null && !item.type().equals(stored.getCheckType())) {
                problems.put(path + ".type", keepsType("monitor", stored.getCheckType(), item.type()));
                continue;
            }
            String typeId = stored != null ? stored.getCheckType() : item.type();
            if (typeId == null || typeId.isBlank()) {
                problems.put(
                        path + ".type",
                        "required; choose one of "
                                + monitors.types().all().stream()
                                        .map(CheckType::id)
                                        .toList());
                continue;
            }
            Optional<CheckType> type = monitors.types().find(typeId);
            MonitorDraft base = type.map(monitors::newDraft).orElseGet(() -> MonitorDraft.forType(typeId));
            Resolved settings = resolve(
                    path, item.settings(), type, stored == null ? null : stored.getSettings(), secrets, problems);
            List<Long> attached = ids(path + ".reactions", item.reactions(), reactionIds, "reaction", problems);
            MonitorDraft draft = new MonitorDraft(
                    name,
                    typeId,
                    or(item.intervalSeconds(), base.intervalSeconds()),
                    or(item.timeoutSeconds(), base.timeoutSeconds()),
                    or(item.failThreshold(), base.failThreshold()),
                    or(item.recoverThreshold(), base.recoverThreshold()),
                    item.enabled() == null || item.enabled(),
                    item.zones() == null || item.zones().isEmpty() ? base.zones() : String.join(", ", item.zones()),
                    or(item.quorum(), base.quorum()),
                    settings.values(),
                    settings.cleared(),
                    attached,
                    stored == null ? new ArrayList<>() : new ArrayList<>(stored.getDependsOn()),
                    item.tags() == null ? List.of() : MonitorTags.normalised(item.tags()));
            drafts.put(name, draft);
            List<FieldProblem> found = FieldProblem.violations(validator, draft);
            if (stored == null) {
                saved(path, problems, () -> switch (monitors.create(teamId, team.memberId(), draft, found)) {
                            case SaveResult.Saved<MonitorService.Created>(var created) ->
                                new SaveResult.Saved<>(created.monitor());
                            case SaveResult.Refused<MonitorService.Created>(var refused) ->
                                new SaveResult.Refused<Monitor>(refused);
                        })
                        .ifPresent(m -> monitorIds.put(name, m.getId()));
            } else {
                saved(path, problems, () -> monitors.update(teamId, stored.getId(), draft, found));
            }
        }
        // dependencies once every monitor exists, each checked for cycles against those already written
        for (MonitorItem item : document.monitors()) {
            String name = item.name().strip();
            String path = path("monitors", "name", name);
            MonitorDraft draft = drafts.get(name);
            Long id = monitorIds.get(name);
            if (draft == null || id == null) {
                continue;
            }
            List<Long> parents = ids(path + ".dependsOn", item.dependsOn(), monitorIds, "monitor", problems);
            if (problems.containsKey(path + ".dependsOn")
                    || new HashSet<>(parents).equals(new HashSet<>(draft.dependsOn()))) {
                continue;
            }
            MonitorDraft withParents = withDependsOn(draft, parents);
            saved(
                    path,
                    problems,
                    () -> monitors.update(teamId, id, withParents, FieldProblem.violations(validator, withParents)));
        }

        Map<String, MaintenanceWindow> storedWindows =
                byName(windows.list(teamId), MaintenanceWindow::getName, "maintenanceWindows", problems);
        for (WindowItem item : document.maintenanceWindows()) {
            String name = item.name().strip();
            String path = path("maintenanceWindows", "name", name);
            if (only != null && !only.contains(key(WINDOW, name))) {
                continue;
            }
            MaintenanceWindow stored = storedWindows.get(name);
            MaintenanceAsCode.Fields fields = new MaintenanceAsCode.Fields(
                    name,
                    item.kind(),
                    item.timeZone(),
                    item.startsAt(),
                    item.endsAt(),
                    item.cron(),
                    item.days(),
                    item.startTime(),
                    item.durationMinutes(),
                    ids(path + ".monitors", item.monitors(), monitorIds, "monitor", problems),
                    item.tags());
            saved(
                    path,
                    problems,
                    () -> stored == null
                            ? windows.create(teamId, fields)
                            : windows.update(teamId, stored.getId(), fields));
        }

        Map<String, StatusPage> storedPages = byName(pages.list(teamId), StatusPage::getSlug, "statusPages", problems);
        for (StatusPageItem item : document.statusPages()) {
            String slug = item.slug().strip();
            String path = path("statusPages", "slug", slug);
            if (only != null && !only.contains(key(STATUS_PAGE, slug))) {
                continue;
            }
            StatusPage stored = storedPages.get(slug);
            List<StatusPagesAsCode.Group> groups = new ArrayList<>();
            List<ConfigDocument.GroupItem> asked = item.groups() == null ? List.of() : item.groups();
            for (int i = 0; i < asked.size(); i++) {
                ConfigDocument.GroupItem group = asked.get(i);
                groups.add(new StatusPagesAsCode.Group(
                        group.name(),
                        ids(path + ".groups[" + i + "].monitors", group.monitors(), monitorIds, "monitor", problems)));
            }
            StatusPagesAsCode.Fields fields = new StatusPagesAsCode.Fields(
                    slug,
                    item.title(),
                    item.description(),
                    item.customDomain(),
                    item.timeZone(),
                    Boolean.TRUE.equals(item.published()),
                    groups);
            saved(
                    path,
                    problems,
                    () -> stored == null ? pages.create(teamId, fields) : pages.update(teamId, stored.getId(), fields));
        }

        if (prune && problems.isEmpty()) {
            Set<String> named = new HashSet<>();
            document.statusPages()
                    .forEach(i -> named.add(key(STATUS_PAGE, i.slug().strip())));
            document.maintenanceWindows()
                    .forEach(i -> named.add(key(WINDOW, i.name().strip())));
            document.monitors().forEach(i -> named.add(key(MONITOR, i.name().strip())));
            document.reactions().forEach(i -> named.add(key(REACTION, i.name().strip())));
            storedPages.forEach((slug, page) -> {
                if (!named.contains(key(STATUS_PAGE, slug))) {
                    pages.delete(teamId, page.getId());
                }
            });
            storedWindows.forEach((name, window) -> {
                if (!named.contains(key(WINDOW, name))) {
                    windows.delete(teamId, window.getId());
                }
            });
            storedMonitors.forEach((name, monitor) -> {
                if (!named.contains(key(MONITOR, name))) {
                    monitors.delete(teamId, monitor.getId());
                }
            });
            storedReactions.forEach((name, reaction) -> {
                if (!named.contains(key(REACTION, name))) {
                    reactions.delete(teamId, reaction.getId());
                }
            });
            entities.flush();
        }
        return problems;
    }

    private static String keepsType(String what, String stored, String asked) {
        return "a " + what + " keeps its type (" + stored + "): give the " + asked + " " + what
                + " another name, or delete this one first";
    }

    /** Saves through a service, flushing so that the next item's checks see it; its problems go under {@code path}. */
    private <T> Optional<T> saved(String path, Map<String, String> problems, Supplier<SaveResult<T>> save) {
        try {
            SaveResult<T> result = save.get();
            entities.flush();
            return switch (result) {
                case SaveResult.Saved<T>(var value) -> Optional.of(value);
                case SaveResult.Refused<T>(var refused) -> {
                    refused.forEach(problem ->
                            problems.putIfAbsent(path + "." + documentField(problem.field()), problem.message()));
                    yield Optional.empty();
                }
            };
        } catch (QuotaExceededException e) {
            problems.putIfAbsent(path, e.getMessage());
            return Optional.empty();
        }
    }

    /** A form's field name as the document names it. */
    private static String documentField(String field) {
        if (field.startsWith("settings[") && field.endsWith("]")) {
            return "settings." + field.substring(9, field.length() - 1);
        }
        return switch (field) {
            case "checkType", "reactionType" -> "type";
            case "reactionIds" -> "reactions";
            case "monitorIds" -> "monitors";
            default -> field;
        };
    }

    /** The team's items by name; a name two of them share is a problem (the document could not say which). */
    private static <T> Map<String, T> byName(
            List<T> stored, Function<T, String> name, String list, Map<String, String> problems) {
        Map<String, T> named = new LinkedHashMap<>();
        for (T item : stored) {
            if (named.putIfAbsent(name.apply(item), item) != null) {
                problems.putIfAbsent(
                        path(list, "name", name.apply(item)),
                        "the team has two " + list + " named '" + name.apply(item)
                                + "': rename one in the app first, since items are matched by name");
            }
        }
        return named;
    }

    /** The ids of the named items, each known; an unknown name is a problem at {@code path}. */
    private static List<Long> ids(
            String path, List<String> names, Map<String, Long> known, String what, Map<String, String> problems) {
        List<Long> ids = new ArrayList<>();
        if (names == null) {
            return ids;
        }
        for (String name : names) {
            Long id = name == null ? null : known.get(name.strip());
            if (id == null) {
                problems.putIfAbsent(
                        path,
                        "no " + what + " named '" + name + "' in the document or the team: add it to the document or"
                                + " correct the name");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Settings values to submit, and the stored secrets to remove. */
    private record Resolved(Map<String, String> values, List<String> cleared) {}

    /**
     * The document's settings as a form would submit them: a {@code {secret: NAME}} takes the value sent under NAME,
     * else keeps the stored one (a blank secret keeps it); a stored secret the document leaves out is removed.
     */
    private static Resolved resolve(
            String path,
            Map<String, Object> given,
            Optional<? extends PluginType> type,
            Map<String, String> stored,
            Map<String, String> secrets,
            Map<String, String> problems) {
        Map<String, Object> asked = given == null ? Map.of() : given;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> cleared = new ArrayList<>();
        asked.forEach((name, value) -> {
            String at = path + ".settings." + name;
            if (value instanceof Map<?, ?> map) {
                if (map.size() == 1 && map.get("secret") instanceof String reference && !reference.isBlank()) {
                    String supplied = secrets.get(reference.strip());
                    if (supplied != null) {
                        values.put(name, supplied);
                    } else if (stored == null || !stored.containsKey(name)) {
                        problems.put(
                                at,
                                "the secret " + reference.strip() + " is not supplied: send it in \"secrets\" (API) or"
                                        + " as a line " + reference.strip() + "=value in the secrets box");
                    }
                } else {
                    problems.put(at, "a setting is one value, or {secret: NAME} for a secret");
                }
            } else if (value instanceof List<?>) {
                problems.put(at, "a setting is one value, or {secret: NAME} for a secret");
            } else if (value != null) {
                values.put(name, String.valueOf(value));
            }
        });
        if (stored != null && type.isPresent()) {
            for (Setting setting : type.get().settings()) {
                if (setting.secret() && stored.containsKey(setting.name()) && !asked.containsKey(setting.name())) {
                    cleared.add(setting.name());
                }
            }
        }
        return new Resolved(values, cleared);
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private static MonitorDraft withDependsOn(MonitorDraft d, List<Long> parents) {
        return new MonitorDraft(
                d.name(),
                d.checkType(),
                d.intervalSeconds(),
                d.timeoutSeconds(),
                d.failThreshold(),
                d.recoverThreshold(),
                d.enabled(),
                d.zones(),
                d.quorum(),
                d.settings(),
                d.clearSecrets(),
                d.reactionIds(),
                parents,
                d.tags());
    }
}
