package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status page form: the page's fields, its groups one per line in the order shown, and for each of the team's
 * monitors the group it is shown in (blank: not shown) and its position there.
 */
public class StatusPageForm {

    private String slug = "";
    private String title = "";
    private String description = "";
    private String customDomain = "";
    private String timeZone = "UTC";
    private boolean published;
    private String groups = "";
    private Map<Long, String> placement = new HashMap<>();
    private Map<Long, String> position = new HashMap<>();

    public StatusPageForm() {}

    static StatusPageForm of(StatusPage page) {
        StatusPageForm form = new StatusPageForm();
        form.slug = page.getSlug();
        form.title = page.getTitle();
        form.description = page.getDescription();
        form.customDomain = page.getCustomDomain() == null ? "" : page.getCustomDomain();
        form.timeZone = page.getTimeZone();
        form.published = page.isPublished();
        List<String> names = new ArrayList<>();
        for (StatusPageGroup group : page.getGroups()) {
            names.add(group.getName());
            List<Long> ids = group.monitorIds();
            for (int i = 0; i < ids.size(); i++) {
                form.placement.put(ids.get(i), group.getName());
                form.position.put(ids.get(i), String.valueOf(i + 1));
            }
        }
        form.groups = String.join("\n", names);
        return form;
    }

    /**
     * The draft: the groups as listed, then any group a monitor names that the list lacks; each group's monitors by
     * position, then by id.
     */
    StatusPageDraft draft() {
        Map<String, String> names = new LinkedHashMap<>(); // lower case to the name as written
        groups.lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty())
                .forEach(line -> names.putIfAbsent(line.toLowerCase(Locale.ROOT), line));
        placement.values().stream()
                .filter(name -> name != null && !name.isBlank())
                .map(String::trim)
                .sorted()
                .forEach(name -> names.putIfAbsent(name.toLowerCase(Locale.ROOT), name));
        List<StatusPageDraft.GroupDraft> drafts = new ArrayList<>();
        for (Map.Entry<String, String> group : names.entrySet()) {
            List<Long> ids = placement.entrySet().stream()
                    .filter(e -> e.getValue() != null && e.getValue().trim().equalsIgnoreCase(group.getKey()))
                    .map(Map.Entry::getKey)
                    .sorted(Comparator.comparingInt((Long id) -> position(id)).thenComparing(id -> id))
                    .toList();
            drafts.add(new StatusPageDraft.GroupDraft(group.getValue(), ids));
        }
        return new StatusPageDraft(slug, title, description, customDomain, timeZone, published, drafts);
    }

    /** A monitor's position as typed; none, or not a number, puts it after those with one. */
    private int position(Long monitorId) {
        try {
            return Integer.parseInt(position.getOrDefault(monitorId, "").trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getCustomDomain() {
        return customDomain;
    }

    public void setCustomDomain(String customDomain) {
        this.customDomain = customDomain;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public boolean isPublished() {
        return published;
    }

    public void setPublished(boolean published) {
        this.published = published;
    }

    public String getGroups() {
        return groups;
    }

    public void setGroups(String groups) {
        this.groups = groups == null ? "" : groups;
    }

    public Map<Long, String> getPlacement() {
        return placement;
    }

    public void setPlacement(Map<Long, String> placement) {
        this.placement = placement;
    }

    public Map<Long, String> getPosition() {
        return position;
    }

    public void setPosition(Map<Long, String> position) {
        this.position = position;
    }
}
