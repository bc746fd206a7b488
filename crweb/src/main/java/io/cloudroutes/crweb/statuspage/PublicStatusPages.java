package io.cloudroutes.crweb.statuspage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.StatusPageLimits;
import io.cloudroutes.crweb.history.CheckHistoryQueries;
import io.cloudroutes.crweb.history.UptimeSummaries;
import io.cloudroutes.crweb.maintenance.MaintenanceWindows;
import io.cloudroutes.crweb.monitor.LiveState;
import io.cloudroutes.crweb.statuspage.PublicView.DayView;
import io.cloudroutes.crweb.statuspage.PublicView.GroupView;
import io.cloudroutes.crweb.statuspage.PublicView.IncidentView;
import io.cloudroutes.crweb.statuspage.PublicView.MonitorView;
import io.cloudroutes.crweb.statuspage.PublicView.Overall;
import io.cloudroutes.crweb.statuspage.PublicView.UpdateView;
import io.cloudroutes.store.history.UptimePreset;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusIncidentRepository;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageGroup;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the public status pages, and keeps each rendered page and its JSON for {@code cacheFor}: a burst of visitors
 * costs one build (a few queries and one Redis round trip) per page and period. A change made through
 * {@link StatusPageService} drops the page's entry once it is committed. Unknown and unpublished slugs are
 * remembered as missing alike.
 */
@Component
class PublicStatusPages {

    /** The days of the uptime strip. */
    static final int STRIP_DAYS = 90;

    /** Resolved incidents stay on the page this many days. */
    static final int RESOLVED_SHOWN_DAYS = 14;

    /** A page as served: the HTML and the JSON, each with its entity tag. */
    record Rendered(String html, String htmlTag, String json, String jsonTag) {}

    private final StatusPageRepository pages;
    private final StatusIncidentRepository incidents;
    private final MonitorRepository monitors;
    private final LiveState live;
    private final CheckHistoryQueries history;
    private final MaintenanceWindows maintenance;
    private final ITemplateEngine templates;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate readOnly;
    private final Cache<String, Optional<Rendered>> rendered;

    PublicStatusPages(
            StatusPageRepository pages,
            StatusIncidentRepository incidents,
            MonitorRepository monitors,
            LiveState live,
            CheckHistoryQueries history,
            MaintenanceWindows maintenance,
            ITemplateEngine templates,
            JsonMapper json,
            Clock clock,
            PlatformTransactionManager transactions,
            StatusPageProperties properties) {
        this.pages = pages;
        this.incidents = incidents;
        this.monitors = monitors;
        this.live = live;
        this.history = history;
        this.maintenance = maintenance;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.rendered = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(properties.cacheFor())
                .build();
    }

    /** The published page at {@code slug}, rendered; empty when there is none or it is not published. */
    Optional<Rendered> find(String slug) {
        if (slug.length() > StatusPageLimits.Slug.MAX_LENGTH || !slug.matches(StatusPageLimits.Slug.PATTERN)) {
            return Optional.empty(); // no page can have it: neither the database nor the cache is asked
        }
        return rendered.get(slug, this::render);
    }

    /**
     * Forgets the page at {@code slug} once the running transaction commits (at once without one), so that the next
     * visitor sees the change.
     */
    void forget(String slug) {
        if (slug == null) {
            return;
        }
        AfterCommit.run(() -> rendered.invalidate(slug));
    }

    private Optional<Rendered> render(String slug) {
        return Optional.ofNullable(readOnly.execute(status -> pages.findBySlug(slug)
                        .filter(StatusPage::isPublished)
                        .map(this::view)
                        .orElse(null)))
                .map(this::render);
    }

    private Rendered render(Page page) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("page", page.view());
        context.setVariable("dates", new Dates(page.zone()));
        context.setVariable("slug", page.slug());
        String html = templates.process("status/page", context);
        String body = json.writeValueAsString(page.view());
        return new Rendered(html, tag(html), body, tag(body));
    }

    /** A page's view and the zone its dates are shown in. */
    private record Page(String slug, PublicView view, ZoneId zone) {}

    private Page view(StatusPage page) {
        ZoneId zone = ZoneId.of(page.getTimeZone());
        List<Long> ids = page.monitorIds();
        Map<Long, Monitor> shownMonitors =
                monitors.findAllById(ids).stream().collect(Collectors.toMap(Monitor::getId, m -> m));
        Map<Long, LiveState.MonitorState> states = live.states(ids);
        Map<Long, Instant> inMaintenance = maintenance.inMaintenanceNow(page.getTeamId(), shownMonitors.values());
        List<GroupView> groups = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        for (StatusPageGroup group : page.getGroups()) {
            List<MonitorView> shown = new ArrayList<>();
            for (Long id : group.monitorIds()) {
                Monitor monitor = shownMonitors.get(id);
                if (monitor == null) {
                    continue; // deleted since the group was read
                }
                LiveState.MonitorState state = states.get(id);
                Status status = state == null ? Status.UNKNOWN : state.status();
                statuses.add(status);
                // the numbers the monitor's own page and the API give: time FAILED over time known, maintenance left
                // out
                CheckHistoryQueries.Overview overview = history.overview(monitor, STRIP_DAYS, zone);
                List<DayView> strip = overview.days().stream()
                        .map(d -> new DayView(d.date(), percent(d.uptime())))
                        .toList();
                Double uptime = percent(
                        overview.presets().get(UptimePreset.LAST_90_DAYS).ratio());
                shown.add(new MonitorView(monitor.getName(), status, uptime, strip, inMaintenance.get(id)));
            }
            groups.add(new GroupView(group.getName(), shown));
        }
        Instant now = clock.instant();
        List<IncidentView> shownIncidents =
                incidents.findShown(page.getId(), now.minus(Duration.ofDays(RESOLVED_SHOWN_DAYS))).stream()
                        .sorted(Comparator.comparing(StatusIncident::isResolved)) // stable: newest first within each
                        .map(PublicStatusPages::incident)
                        .toList();
        return new Page(
                page.getSlug(),
                new PublicView(
                        page.getTitle(), page.getDescription(), Overall.of(statuses), now, groups, shownIncidents),
                zone);
    }

    private static IncidentView incident(StatusIncident incident) {
        List<UpdateView> updates = incident.getUpdates().stream()
                .map(u -> new UpdateView(u.getState(), u.getBody(), u.getCreatedAt()))
                .sorted(Comparator.comparing(UpdateView::at).reversed())
                .toList();
        return new IncidentView(
                incident.getTitle(),
                incident.getState(),
                incident.getCreatedAt(),
                incident.getUpdatedAt(),
                incident.getResolvedAt(),
                updates);
    }

    private static Double percent(OptionalDouble ratio) {
        return ratio.isPresent() ? ratio.getAsDouble() * 100 : null;
    }

    private static String tag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dates as visitors read them, in the page's time zone. */
    public record Dates(ZoneId zone) {

        private static final DateTimeFormatter WHEN =
                DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);

        public String when(Instant instant) {
            return instant == null ? "" : WHEN.format(instant.atZone(zone));
        }

        public String percent(Double percent) {
            return UptimeSummaries.figure(percent == null ? OptionalDouble.empty() : OptionalDouble.of(percent / 100));
        }
    }
}
