package io.cloudroutes.crweb.configcode;

import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.configcode.ConfigDocument.GroupItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.MonitorItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.ReactionItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.StatusPageItem;
import io.cloudroutes.crweb.configcode.ConfigDocument.WindowItem;
import io.cloudroutes.crweb.maintenance.MaintenanceAsCode;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.reaction.ReactionsAsCode;
import io.cloudroutes.crweb.statuspage.StatusPagesAsCode;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.statuspage.StatusPage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * A team's configuration as a document, sorted by name so that two exports of the same state are the same text; a
 * secret setting is written as a reference ({@code {secret: NAME}}), never its value, sealed or not. The
 * {@link #snapshot} is what a plan compares: the document's fields plus a digest of each secret's value, which never
 * leaves this process.
 */
@Component
class ConfigExport {

    static final String REACTION = "reaction";
    static final String MONITOR = "monitor";
    static final String WINDOW = "maintenanceWindow";
    static final String STATUS_PAGE = "statusPage";

    /** Marks the digest of a secret's value in a snapshot; never shown. */
    static final String SECRET_VALUE = " (value)";

    private final ReactionsAsCode reactions;
    private final MonitorService monitors;
    private final MaintenanceAsCode windows;
    private final StatusPagesAsCode pages;
    private final SecretBox box;

    ConfigExport(
            ReactionsAsCode reactions,
            MonitorService monitors,
            MaintenanceAsCode windows,
            StatusPagesAsCode pages,
            SecretBox box) {
        this.reactions = reactions;
        this.monitors = monitors;
        this.windows = windows;
        this.pages = pages;
        this.box = box;
    }

    @Transactional(readOnly = true)
    public ConfigDocument export(long teamId) {
        List<Monitor> teamMonitors = monitors.list(teamId);
        Map<Long, String> monitorNames = new HashMap<>();
        teamMonitors.forEach(m -> monitorNames.put(m.getId(), m.getName()));
        List<ReactionItem> reactionItems = reactions.list(teamId).stream()
                .sorted(Comparator.comparing(ReactionConfig::getName))
                .map(this::item)
                .toList();
        List<MonitorItem> monitorItems = teamMonitors.stream()
                .sorted(Comparator.comparing(Monitor::getName))
                .map(m -> item(m, monitorNames))
                .toList();
        List<WindowItem> windowItems = windows.list(teamId).stream()
                .sorted(Comparator.comparing(MaintenanceWindow::getName))
                .map(w -> item(w, monitorNames))
                .toList();
        List<StatusPageItem> pageItems = pages.list(teamId).stream()
                .sorted(Comparator.comparing(StatusPage::getSlug))
                .map(p -> item(p, monitorNames))
                .toList();
        return new ConfigDocument(ConfigDocument.VERSION, reactionItems, monitorItems, windowItems, pageItems);
    }

    /**
     * Every item of the team's configuration, by kind and name, as fields and values to compare: the export's, with
     * {@link #SECRET_VALUE} entries holding a digest of each stored secret.
     */
    @Transactional(readOnly = true)
    public Map<String, Map<String, String>> snapshot(long teamId) {
        Map<String, Map<String, String>> snapshot = new TreeMap<>();
        ConfigDocument document = export(teamId);
        Map<String, ReactionConfig> storedReactions = new HashMap<>();
        reactions.list(teamId).forEach(r -> storedReactions.put(r.getName(), r));
        Map<String, Monitor> storedMonitors = new HashMap<>();
        monitors.list(teamId).forEach(m -> storedMonitors.put(m.getName(), m));
        for (ReactionItem item : document.reactions()) {
            Map<String, String> fields = flat(item);
            ReactionConfig stored = storedReactions.get(item.name());
            reactions
                    .types()
                    .find(stored.getReactionType())
                    .ifPresent(type -> digests(type, stored.getSettings(), stored.secretScope(), fields));
            snapshot.put(key(REACTION, item.name()), fields);
        }
        for (MonitorItem item : document.monitors()) {
            Map<String, String> fields = flat(item);
            Monitor stored = storedMonitors.get(item.name());
            monitors.types()
                    .find(stored.getCheckType())
                    .ifPresent(type -> digests(type, stored.getSettings(), stored.secretScope(), fields));
            snapshot.put(key(MONITOR, item.name()), fields);
        }
        document.maintenanceWindows().forEach(item -> snapshot.put(key(WINDOW, item.name()), flat(item)));
        document.statusPages().forEach(item -> snapshot.put(key(STATUS_PAGE, item.slug()), flat(item)));
        return snapshot;
    }

    static String key(String kind, String name) {
        return kind + "\n" + name;
    }

    /**
     * The name a secret setting is referred to by: the item's name and the setting's, in capitals, e.g.
     * {@code PAGER_OPS_SMTP_PASSWORD} for the setting {@code smtpPassword} of the reaction "pager ops".
     */
    static String secretName(String itemName, String setting) {
        String words = (itemName + "_" + setting.replaceAll("([a-z0-9])([A-Z])", "$1_$2"))
                .toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return words.isEmpty() ? "SECRET" : words;
    }

    private ReactionItem item(ReactionConfig reaction) {
        return new ReactionItem(
                reaction.getName(),
                reaction.getReactionType(),
                reaction.getCallOn(),
                reaction.getTriggerCount(),
                reaction.getFrequencySeconds(),
                reaction.getTimeoutSeconds(),
                reaction.getMaxAttempts(),
                reaction.getEscalationStep(),
                reaction.getEscalationWaitSeconds(),
                reaction.getDisruptive(),
                reaction.getVerifyWithinSeconds(),
                reaction.isApprovalRequired() ? Boolean.TRUE : null,
                ReactionsAsCode.defaultApprovalTimeout(reaction.getApprovalTimeoutSeconds())
                        ? null
                        : reaction.getApprovalTimeoutSeconds(),
                ReactionsAsCode.defaultOnApprovalTimeout(reaction.getOnApprovalTimeout())
                        ? null
                        : reaction.getOnApprovalTimeout(),
                settings(
                        reaction.getName(),
                        reactions.types().find(reaction.getReactionType()),
                        reaction.getSettings()));
    }

    private MonitorItem item(Monitor monitor, Map<Long, String> monitorNames) {
        return new MonitorItem(
                monitor.getName(),
                monitor.getCheckType(),
                monitor.isEnabled(),
                monitor.getIntervalSeconds(),
                monitor.getTimeoutSeconds(),
                monitor.getFailThreshold(),
                monitor.getRecoverThreshold(),
                List.copyOf(monitor.getZoneList()),
                monitor.getQuorum(),
                monitor.getTags().stream().sorted().toList(),
                monitor.getReactions().stream()
                        .map(ReactionConfig::getName)
                        .sorted()
                        .toList(),
                names(monitor.getDependsOn(), monitorNames),
                settings(monitor.getName(), monitors.types().find(monitor.getCheckType()), monitor.getSettings()));
    }

    private static WindowItem item(MaintenanceWindow window, Map<Long, String> monitorNames) {
        boolean once = window.getKind() == MaintenanceWindow.Kind.ONCE;
        return new WindowItem(
                window.getName(),
                window.getKind().name(),
                window.getTimeZone(),
                once && window.getStartsAt() != null ? window.getStartsAt().toString() : null,
                once && window.getEndsAt() != null ? window.getEndsAt().toString() : null,
                window.getCron(),
                window.days().stream().sorted().map(Enum::name).toList(),
                window.getStartTime() == null ? null : window.getStartTime().toString(),
                once || window.duration() == null
                        ? null
                        : (int) window.duration().toMinutes(),
                names(window.getMonitorIds(), monitorNames),
                window.getTags().stream().sorted().toList());
    }

    private static StatusPageItem item(StatusPage page, Map<Long, String> monitorNames) {
        List<GroupItem> groups = new ArrayList<>();
        page.getGroups().stream()
                .sorted(Comparator.comparingInt(g -> g.getPosition()))
                .forEach(group -> groups.add(new GroupItem(
                        group.getName(),
                        group.monitorIds().stream()
                                .map(monitorNames::get)
                                .filter(Objects::nonNull)
                                .toList())));
        return new StatusPageItem(
                page.getSlug(),
                page.getTitle(),
                page.getDescription(),
                page.getCustomDomain(),
                page.getTimeZone(),
                page.isPublished(),
                groups);
    }

    private static List<String> names(java.util.Collection<Long> ids, Map<Long, String> monitorNames) {
        return ids.stream()
                .map(monitorNames::get)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }

    /** The stored settings, sorted, each secret as a reference. */
    private static Map<String, Object> settings(
            String itemName, Optional<? extends PluginType> type, Map<String, String> stored) {
        Map<String, Object> settings = new TreeMap<>();
        stored.forEach((name, value) -> {
            boolean secret = type.map(t -> isSecret(t, name)).orElse(SecretBox.isSealed(value));
            settings.put(name, secret ? Map.of("secret", secretName(itemName, name)) : value);
        });
        return settings;
    }

    static boolean isSecret(PluginType type, String setting) {
        return type.settings().stream().anyMatch(s -> s.secret() && s.name().equals(setting));
    }

    private void digests(PluginType type, Map<String, String> stored, SecretScope scope, Map<String, String> fields) {
        for (Setting setting : type.settings()) {
            String sealed = stored.get(setting.name());
            if (setting.secret() && sealed != null) {
                String value;
                try {
                    value = "value:" + box.open(scope, setting.name(), sealed);
                } catch (SecretBox.SecretException e) {
                    value = "unopenable:" + sealed;
                }
                fields.put("settings." + setting.name() + SECRET_VALUE, digest(value));
            }
        }
    }

    static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The item's fields as {@code path → value}, lists of plain values as one "[a, b]" value. */
    static Map<String, String> flat(Object item) {
        Map<String, String> fields = new TreeMap<>();
        flatten("", ConfigYaml.tree(item), fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> fields) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("secret")) {
                fields.put(prefix, "{secret: " + node.get("secret").asString() + "}");
                return;
            }
            node.properties()
                    .forEach(e ->
                            flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), fields));
        } else if (node.isArray()) {
            List<String> plain = new ArrayList<>();
            boolean allPlain = true;
            for (JsonNode element : node) {
                allPlain &= element.isValueNode();
                plain.add(element.isValueNode() ? element.asString() : "");
            }
            if (allPlain) {
                fields.put(prefix, "[" + String.join(", ", plain) + "]");
            } else {
                int i = 0;
                for (JsonNode element : node) {
                    flatten(prefix + "[" + i++ + "]", element, fields);
                }
            }
        } else if (!node.isNull()) {
            fields.put(prefix, node.asString());
        }
    }
}
