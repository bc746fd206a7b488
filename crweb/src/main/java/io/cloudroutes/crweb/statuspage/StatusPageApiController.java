package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.statuspage.IncidentState;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Status pages and their incidents through the REST API, checked and scoped as on the pages. */
@RestController
@RequestMapping("/api/v1/status-pages")
@Tag(name = "Status pages")
class StatusPageApiController {

    private final StatusPageService service;
    private final DomainProofs proofs;
    private final PublicUrl publicUrl;

    StatusPageApiController(StatusPageService service, DomainProofs proofs, PublicUrl publicUrl) {
        this.service = service;
        this.proofs = proofs;
        this.publicUrl = publicUrl;
    }

    /** A page to create, or its new content: a PUT replaces the whole page (groups included). */
    record PageRequest(
            String slug,
            String title,
            String description,
            String customDomain,
            String timeZone,
            Boolean published,
            List<GroupRequest> groups) {}

    /** A group, in the page's order, with the ids of the team's monitors in it, in order. */
    record GroupRequest(String name, List<Long> monitorIds) {}

    record PageView(
            long id,
            String slug,
            String title,
            String description,
            String customDomain,
            String timeZone,
            boolean published,
            String url,
            List<GroupRequest> groups,
            Instant createdAt,
            Instant updatedAt,
            DomainView domain) {}

    /**
     * The custom domain's proof: {@code status} is {@code verified} (served) or {@code pending} (not served until the
     * TXT record {@code txtName} holds {@code txtValue}); {@code cnameTarget} is the host name to point the domain at.
     */
    record DomainView(
            String name,
            String status,
            String txtName,
            String txtValue,
            String cnameTarget,
            Instant verifiedAt,
            Instant checkedAt,
            String message) {}

    /** An incident to open (title, state, body), or an update to append (state, body; a title renames it). */
    record IncidentRequest(String title, IncidentState state, String body) {}

    record IncidentView(
            long id,
            String title,
            IncidentState state,
            Instant createdAt,
            Instant updatedAt,
            Instant resolvedAt,
            List<UpdateView> updates) {}

    record UpdateView(IncidentState state, String body, Instant createdAt) {}

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List the team's status pages by slug")
    List<PageView> list(ActiveTeam team) {
        return service.list(team.id()).stream().map(this::view).toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a status page; it is public at /status/{slug} once published")
    PageView create(ActiveTeam team, @RequestBody PageRequest request) {
        return view(saved(service.create(team.id(), draft(request))));
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{pageId}")
    @Operation(summary = "One status page")
    PageView get(ActiveTeam team, @PathVariable long pageId) {
        return view(service.get(team.id(), pageId));
    }

    @Requires(Permission.EDIT)
    @PutMapping("/{pageId}")
    @Operation(summary = "Replace a status page's content (fields left out take their defaults)")
    PageView update(ActiveTeam team, @PathVariable long pageId, @RequestBody PageRequest request) {
        service.get(team.id(), pageId);
        return view(saved(service.update(team.id(), pageId, draft(request))));
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{pageId}/domain/verify")
    @Operation(
            summary = "Look the custom domain's TXT record up now; the page comes back with the domain verified, or"
                    + " pending with what was found")
    PageView verifyDomain(ActiveTeam team, @PathVariable long pageId) {
        List<FieldProblem> problems = proofs.verifyNow(team.id(), pageId);
        if (!problems.isEmpty()) {
            throw ApiValidationException.from(problems, Map.of());
        }
        return view(service.get(team.id(), pageId));
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{pageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a status page and its incidents")
    void delete(ActiveTeam team, @PathVariable long pageId) {
        service.delete(team.id(), pageId);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/{pageId}/incidents")
    @Operation(summary = "The page's incidents, newest first, each with its timeline")
    List<IncidentView> incidents(ActiveTeam team, @PathVariable long pageId) {
        return service.incidents(team.id(), pageId).stream()
                .map(StatusPageApiController::view)
                .toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{pageId}/incidents")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open an incident with its first update")
    IncidentView openIncident(ActiveTeam team, @PathVariable long pageId, @RequestBody IncidentRequest request) {
        return view(saved(service.openIncident(
                team.id(), pageId, new IncidentDraft(request.title(), request.state(), request.body()))));
    }

    @Requires(Permission.EDIT)
    @PostMapping("/{pageId}/incidents/{incidentId}/updates")
    @Operation(summary = "Append an update to an incident's timeline; state RESOLVED resolves it")
    IncidentView updateIncident(
            ActiveTeam team,
            @PathVariable long pageId,
            @PathVariable long incidentId,
            @RequestBody IncidentRequest request) {
        return view(saved(service.updateIncident(
                team.id(), pageId, incidentId, new IncidentDraft(request.title(), request.state(), request.body()))));
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{pageId}/incidents/{incidentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an incident")
    void deleteIncident(ActiveTeam team, @PathVariable long pageId, @PathVariable long incidentId) {
        service.deleteIncident(team.id(), pageId, incidentId);
    }

    private static StatusPageDraft draft(PageRequest request) {
        List<StatusPageDraft.GroupDraft> groups = request.groups() == null
                ? List.of()
                : request.groups().stream()
                        .map(g -> new StatusPageDraft.GroupDraft(
                                g == null ? null : g.name(), g == null ? null : g.monitorIds()))
                        .toList();
        return new StatusPageDraft(
                request.slug(),
                request.title(),
                request.description(),
                request.customDomain(),
                request.timeZone(),
                Boolean.TRUE.equals(request.published()),
                groups);
    }

    private static <T> T saved(SaveResult<T> result) {
        return switch (result) {
            case SaveResult.Saved<T>(var value) -> value;
            case SaveResult.Refused<T>(var problems) -> throw ApiValidationException.from(problems, Map.of());
        };
    }

    private PageView view(StatusPage page) {
        return new PageView(
                page.getId(),
                page.getSlug(),
                page.getTitle(),
                page.getDescription(),
                page.getCustomDomain(),
                page.getTimeZone(),
                page.isPublished(),
                publicUrl.get() + "/status/" + page.getSlug(),
                page.getGroups().stream()
                        .map(g -> new GroupRequest(g.getName(), g.monitorIds()))
                        .toList(),
                page.getCreatedAt(),
                page.getUpdatedAt(),
                page.getCustomDomain() == null
                        ? null
                        : new DomainView(
                                page.getCustomDomain(),
                                page.isDomainVerified() ? "verified" : "pending",
                                ChallengeLookup.challengeName(page.getCustomDomain()),
                                DomainProofs.txtValue(page),
                                service.ownHost(),
                                page.getDomainVerifiedAt(),
                                page.getDomainCheckedAt(),
                                page.getDomainCheckMessage()));
    }

    private static IncidentView view(StatusIncident incident) {
        return new IncidentView(
                incident.getId(),
                incident.getTitle(),
                incident.getState(),
                incident.getCreatedAt(),
                incident.getUpdatedAt(),
                incident.getResolvedAt(),
                incident.getUpdates().stream()
                        .map(u -> new UpdateView(u.getState(), u.getBody(), u.getCreatedAt()))
                        .toList());
    }
}
