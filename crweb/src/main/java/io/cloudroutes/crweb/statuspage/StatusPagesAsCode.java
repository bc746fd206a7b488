package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.statuspage.StatusPage;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The team's status pages as a configuration document reads and writes them, through {@link StatusPageService} with
 * every rule of the form and the API (slug, custom domain, time zone, groups).
 */
@Component
public class StatusPagesAsCode {

    /** A page's fields as a document gives them, each group's monitors already turned into the team's ids. */
    public record Fields(
            String slug,
            String title,
            String description,
            String customDomain,
            String timeZone,
            boolean published,
            List<Group> groups) {}

    /** A group of a page, its monitors in the order shown. */
    public record Group(String name, List<Long> monitorIds) {}

    private final StatusPageService service;

    StatusPagesAsCode(StatusPageService service) {
        this.service = service;
    }

    /** The team's pages, their groups read. */
    public List<StatusPage> list(long teamId) {
        List<StatusPage> pages = service.list(teamId);
        pages.forEach(
                page -> page.getGroups().forEach(group -> group.monitorIds().size()));
        return pages;
    }

    public SaveResult<StatusPage> create(long teamId, Fields fields) {
        return service.create(teamId, draft(fields));
    }

    public SaveResult<StatusPage> update(long teamId, long pageId, Fields fields) {
        return service.update(teamId, pageId, draft(fields));
    }

    public void delete(long teamId, long pageId) {
        service.delete(teamId, pageId);
    }

    private static StatusPageDraft draft(Fields f) {
        return new StatusPageDraft(
                f.slug(),
                f.title(),
                f.description(),
                f.customDomain(),
                f.timeZone(),
                f.published(),
                f.groups() == null
                        ? List.of()
                        : f.groups().stream()
                                .map(g -> new StatusPageDraft.GroupDraft(g.name(), g.monitorIds()))
                                .toList());
    }
}
