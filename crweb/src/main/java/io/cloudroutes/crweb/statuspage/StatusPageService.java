package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.core.StatusPageLimits;
import io.cloudroutes.core.StatusPageLimits.CustomDomain;
import io.cloudroutes.core.StatusPageLimits.Groups;
import io.cloudroutes.core.StatusPageLimits.Incident;
import io.cloudroutes.core.StatusPageLimits.Slug;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusIncidentRepository;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes a team's status pages and their incident notes, checking every rule of
 * {@link StatusPageLimits}; every change is audit-logged and makes the public page show it at once.
 */
@Service
class StatusPageService {

    private final StatusPageRepository pages;
    private final StatusIncidentRepository incidents;
    private final MonitorRepository monitors;
    private final AuditLog audit;
    private final PublicStatusPages publicPages;
    private final CustomDomains domains;
    private final PublicUrl publicUrl;
    private final Clock clock;

    StatusPageService(
            StatusPageRepository pages,
            StatusIncidentRepository incidents,
            MonitorRepository monitors,
            AuditLog audit,
            PublicStatusPages publicPages,
            CustomDomains domains,
            PublicUrl publicUrl,
            Clock clock) {
        this.pages = pages;
        this.incidents = incidents;
        this.monitors = monitors;
        this.audit = audit;
        this.publicPages = publicPages;
        this.domains = domains;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<StatusPage> list(long teamId) {
        List<StatusPage> found = pages.findByTeamIdOrderBySlugAsc(teamId);
        found.forEach(page -> page.getGroups().size());
        return found;
    }

    /** The team's page; another team's or none answers 404 alike. */
    @Transactional(readOnly = true)
    StatusPage get(long teamId, long pageId) {
        StatusPage page = pages.findByIdAndTeamId(pageId, teamId)
                .orElseThrow(() -> new NotFoundException("status page " + pageId));
        page.getGroups().forEach(g -> g.monitorIds().size());
        return page;
    }

    /** The team's monitors, by name: what a page may show. */
    @Transactional(readOnly = true)
    List<Monitor> monitorsOf(long teamId) {
        return monitors.findByTeamIdOrderByNameAsc(teamId);
    }

    @Transactional
    SaveResult<StatusPage> create(long teamId, StatusPageDraft draft) {
        return save(teamId, new StatusPage(teamId), draft);
    }

    @Transactional
    SaveResult<StatusPage> update(long teamId, long pageId, StatusPageDraft draft) {
        return save(teamId, get(teamId, pageId), draft);
    }

    @Transactional
    void delete(long teamId, long pageId) {
        StatusPage page = get(teamId, pageId);
        pages.delete(page);
        publicPages.forget(page.getSlug());
        domains.forget();
        audit.record(teamId, AuditAction.STATUS_PAGE_DELETED, target(page), "/status/" + page.getSlug());
    }

    private SaveResult<StatusPage> save(long teamId, StatusPage page, StatusPageDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        String slug = normalSlug(draft.slug());
        String title = draft.title() == null ? "" : draft.title().trim();
        String description =
                draft.description() == null ? "" : draft.description().trim();
        String domain = normalDomain(draft.customDomain());
        String zone = draft.timeZone() == null || draft.timeZone().isBlank()
                ? "UTC"
                : draft.timeZone().trim();
        Long id = page.getId() == null ? -1L : page.getId();
        if (slug.length() < Slug.MIN_LENGTH || slug.length() > Slug.MAX_LENGTH || !slug.matches(Slug.PATTERN)) {
            problems.add(new FieldProblem("slug", Slug.MESSAGE));
        } else if (Slug.RESERVED.contains(slug)) {
            problems.add(new FieldProblem("slug", Slug.RESERVED_MESSAGE));
        } else if (pages.existsBySlugAndIdNot(slug, id)) {
            // the same words whichever team has it: a slug tells nobody whose page it is
            problems.add(new FieldProblem("slug", Slug.TAKEN_MESSAGE));
        }
        if (title.isEmpty() || title.length() > StatusPageLimits.Title.MAX_LENGTH) {
            problems.add(new FieldProblem("title", StatusPageLimits.Title.MESSAGE));
        }
        if (description.length() > StatusPageLimits.Description.MAX_LENGTH) {
            problems.add(new FieldProblem("description", StatusPageLimits.Description.MESSAGE));
        }
        if (domain != null) {
            problems.addAll(domainProblems(domain, id));
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(
                    "timeZone", "unknown time zone '" + zone + "'; use a name such as UTC or Europe/Berlin"));
        }
        problems.addAll(groupProblems(teamId, draft.groups()));
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        boolean created = page.getId() == null;
        String before = created ? null : summary(page);
        String oldSlug = page.getSlug();
        page.setSlug(slug);
        page.setTitle(title);
        page.setDescription(description);
        // a new domain gets a new token and is not served until its TXT record holds it
        page.setCustomDomain(domain);
        page.setTimeZone(zone);
        page.setPublished(draft.published());
        page.touch(clock.instant());
        // the old groups go before the new ones are written, so that a monitor may move between groups
        page.clearGroups();
        StatusPage saved = pages.saveAndFlush(page);
        draft.groups().forEach(g -> saved.addGroup(g.name().trim(), g.monitorIds()));
        pages.saveAndFlush(saved);
        publicPages.forget(oldSlug);
        publicPages.forget(slug);
        domains.forget();
        audit.record(
                teamId,
                created ? AuditAction.STATUS_PAGE_CREATED : AuditAction.STATUS_PAGE_CHANGED,
                target(saved),
                created ? summary(saved) : changes(before, summary(saved)));
        return new SaveResult.Saved<>(saved);
    }

    /** What is wrong with the groups: their number and names, and monitors that are not the team's or shown twice. */
    private List<FieldProblem> groupProblems(long teamId, List<StatusPageDraft.GroupDraft> groups) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean badGroups = groups.size() > Groups.MOST;
        List<Long> all = new ArrayList<>();
        for (StatusPageDraft.GroupDraft group : groups) {
            String name = group.name() == null ? "" : group.name().trim();
            if (name.isEmpty() || name.length() > Groups.NAME_MAX_LENGTH || !names.add(name.toLowerCase(Locale.ROOT))) {
                badGroups = true;
            }
            all.addAll(group.monitorIds());
        }
        if (badGroups) {
            problems.add(new FieldProblem("groups", Groups.MESSAGE));
        }
        if (all.size() > Groups.MOST_MONITORS || new HashSet<>(all).size() != all.size()) {
            problems.add(new FieldProblem("monitors", Groups.MONITORS_MESSAGE));
        } else if (!all.isEmpty()) {
            Set<Long> ours = monitors.findAllById(all).stream()
                    .filter(m -> m.getTeamId() == teamId)
                    .map(Monitor::getId)
                    .collect(Collectors.toSet());
            // another team's monitor is answered like one that does not exist
            List<Long> unknown =
                    all.stream().filter(m -> m == null || !ours.contains(m)).toList();
            if (!unknown.isEmpty()) {
                problems.add(new FieldProblem(
                        "monitors",
                        "no monitor with id "
                                + unknown.stream().map(String::valueOf).collect(Collectors.joining(", "))
                                + " in this team; see /api/v1/monitors for the team's monitors"));
            }
        }
        return problems;
    }

    @Transactional(readOnly = true)
    List<StatusIncident> incidents(long teamId, long pageId) {
        return incidents.findByPageIdOrderByCreatedAtDescIdDesc(
                get(teamId, pageId).getId());
    }

    @Transactional(readOnly = true)
    StatusIncident incident(long teamId, long pageId, long incidentId) {
        return incidents
                .findByIdAndPageId(incidentId, get(teamId, pageId).getId())
                .orElseThrow(() -> new NotFoundException("incident " + incidentId));
    }

    /** Opens an incident on the page with its first update. */
    @Transactional
    SaveResult<StatusIncident> openIncident(long teamId, long pageId, IncidentDraft draft) {
        StatusPage page = get(teamId, pageId);
        List<FieldProblem> problems = incidentProblems(draft, true);
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        StatusIncident incident = incidents.save(new StatusIncident(
                page.getId(), draft.title().trim(), draft.state(), draft.body().trim(), clock.instant()));
        publicPages.forget(page.getSlug());
        audit.record(
                teamId,
                AuditAction.STATUS_INCIDENT_OPENED,
                target(page),
                "incident '" + incident.getTitle() + "', " + incident.getState().label());
        return new SaveResult.Saved<>(incident);
    }

    /** Appends an update to an incident's timeline (a new title, when given, replaces the old). */
    @Transactional
    SaveResult<StatusIncident> updateIncident(long teamId, long pageId, long incidentId, IncidentDraft draft) {
        StatusPage page = get(teamId, pageId);
        StatusIncident incident = incident(teamId, pageId, incidentId);
        List<FieldProblem> problems = incidentProblems(draft, false);
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        if (draft.title() != null && !draft.title().isBlank()) {
            incident.setTitle(draft.title().trim());
        }
        incident.append(draft.state(), draft.body().trim(), clock.instant());
        StatusIncident saved = incidents.save(incident);
        publicPages.forget(page.getSlug());
        audit.record(
                teamId,
                AuditAction.STATUS_INCIDENT_UPDATED,
                target(page),
                "incident '" + saved.getTitle() + "', " + saved.getState().label());
        return new SaveResult.Saved<>(saved);
    }

    @Transactional
    void deleteIncident(long teamId, long pageId, long incidentId) {
        StatusPage page = get(teamId, pageId);
        StatusIncident incident = incident(teamId, pageId, incidentId);
        incidents.delete(incident);
        publicPages.forget(page.getSlug());
        audit.record(
                teamId, AuditAction.STATUS_INCIDENT_DELETED, target(page), "incident '" + incident.getTitle() + "'");
    }

    private static List<FieldProblem> incidentProblems(IncidentDraft draft, boolean titleRequired) {
        List<FieldProblem> problems = new ArrayList<>();
        String title = draft.title() == null ? "" : draft.title().trim();
        if ((titleRequired && title.isEmpty()) || title.length() > Incident.TITLE_MAX_LENGTH) {
            problems.add(new FieldProblem("title", Incident.TITLE_MESSAGE));
        }
        if (draft.state() == null) {
            problems.add(
                    new FieldProblem("state", "choose a state: INVESTIGATING, IDENTIFIED, MONITORING or RESOLVED"));
        }
        String body = draft.body() == null ? "" : draft.body().trim();
        if (body.isEmpty() || body.length() > Incident.BODY_MAX_LENGTH) {
            problems.add(new FieldProblem("body", Incident.BODY_MESSAGE));
        }
        return problems;
    }

    private static Target target(StatusPage page) {
        return new Target("status-page", page.getId(), page.getSlug());
    }

    private static String summary(StatusPage page) {
        return "slug " + page.getSlug() + ", " + (page.isPublished() ? "published" : "not published")
                + (page.getCustomDomain() == null ? "" : ", domain " + page.getCustomDomain()) + ", "
                + page.getGroups().size() + " groups, " + page.monitorIds().size() + " monitors";
    }

    private static String changes(String before, String after) {
        return Objects.equals(before, after) ? "title, description or order" : "was " + before + "; now " + after;
    }

    private static String normalSlug(String slug) {
        return slug == null ? "" : slug.trim().toLowerCase(Locale.ROOT);
    }

    /** A host name as compared: lower case, without a final dot; null for none. */
    static String normalDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        String host = domain.trim().toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * What is wrong with claiming {@code domain}: custom domains are off without a configured public URL (crweb could
     * not tell its own host from a page's); CloudRoutes' own host and any name under it are not a team's; and a domain
     * another page has proved is taken. Several pages may claim a domain nobody has proved yet: the first to prove it
     * wins.
     */
    private List<FieldProblem> domainProblems(String domain, long id) {
        if (!publicUrl.configured()) {
            return List.of(new FieldProblem("customDomain", CustomDomain.OFF_MESSAGE));
        }
        if (!domain.matches(CustomDomain.PATTERN)) {
            return List.of(new FieldProblem("customDomain", CustomDomain.MESSAGE));
        }
        String own = ownHost();
        if (own != null && (domain.equals(own) || domain.endsWith("." + own))) {
            return List.of(new FieldProblem("customDomain", CustomDomain.OURS_MESSAGE));
        }
        if (pages.domainVerifiedByAnother(domain, id)) {
            // the same words whichever team has it: the answer tells nobody whose page it is
            return List.of(new FieldProblem("customDomain", CustomDomain.TAKEN_MESSAGE));
        }
        return List.of();
    }

    /** Whether a custom domain may be set at all (CLOUDROUTES_PUBLIC_URL is set). */
    boolean customDomainsOn() {
        return publicUrl.configured();
    }

    /** The host name a custom domain's CNAME points at: CloudRoutes' own, from CLOUDROUTES_PUBLIC_URL. */
    String ownHost() {
        try {
            String host = URI.create(publicUrl.get()).getHost();
            return host == null ? null : normalDomain(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
