package io.cloudroutes.crweb.statuspage;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which host names published status pages are served at (proved domains only, and only with CLOUDROUTES_PUBLIC_URL
 * set): all of them read in one query and kept for
 * {@code cacheFor}, so that a request for {@code /} costs no query to tell a page's domain from the app's.
 */
@Component
class CustomDomains {

    private static final Logger log = LoggerFactory.getLogger(CustomDomains.class);

    private final StatusPageRepository pages;
    private final boolean on;
    private final LoadingCache<Boolean, Map<String, String>> domains;

    CustomDomains(StatusPageRepository pages, StatusPageProperties properties, PublicUrl publicUrl) {
        this.pages = pages;
        // without a public URL CloudRoutes cannot tell its own host from a page's: no page is served by domain
        this.on = publicUrl.configured();
        this.domains =
                Caffeine.newBuilder().expireAfterWrite(properties.cacheFor()).build(all -> load());
    }

    /** The slug of the published page served at {@code host}, if any. */
    Optional<String> slugAt(String host) {
        if (!on || host == null || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(domains.get(true).get(StatusPageService.normalDomain(host)));
    }

    /** Reads the domains again at the next request (a page was saved or deleted). */
    void forget() {
        AfterCommit.run(domains::invalidateAll);
    }

    private Map<String, String> load() {
        try {
            return pages.findPublishedDomains().stream()
                    .collect(Collectors.toMap(
                            StatusPageRepository.Domain::customDomain, StatusPageRepository.Domain::slug));
        } catch (RuntimeException e) {
            // without the database the app's own pages answer as they do then; no page is served by its domain
            log.warn("Could not read the custom domains of status pages: {}", e.getMessage());
            return Map.of();
        }
    }
}
