package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The published status pages, for anyone: the page at {@code /status/{slug}} and its JSON at
 * {@code /status/{slug}.json} (a custom domain serves them at {@code /} and {@code /status.json}, see
 * {@link CustomDomainFilter}). Answers come from {@link PublicStatusPages}' cache, with an entity tag (a repeat visit
 * whose copy is current gets 304) and a public max-age; an unknown and an unpublished page answer the same 404.
 */
@RestController
@Requires(Permission.PUBLIC)
class PublicStatusController {

    private static final String MISSING_HTML = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>No such status page</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/css/status.css"></head>
            <body class="status-page"><main><h1>No such status page</h1>
            <p>Check the address: there is no published status page here.</p></main></body></html>
            """;

    private final PublicStatusPages pages;
    private final CacheControl caching;

    PublicStatusController(PublicStatusPages pages, StatusPageProperties properties) {
        this.pages = pages;
        this.caching = CacheControl.maxAge(properties.cacheFor()).cachePublic();
    }

    @GetMapping(value = "/status/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String slug) {
        Optional<PublicStatusPages.Rendered> page = pages.find(slug);
        if (page.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_HTML)
                    .body(MISSING_HTML);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(caching)
                .eTag(page.get().htmlTag())
                .body(page.get().html());
    }

    @GetMapping(value = "/status/{slug}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> json(@PathVariable String slug) {
        Optional<PublicStatusPages.Rendered> page = pages.find(slug);
        if (page.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(ApiError.of("not_found", "there is no published status page '" + slug + "'"));
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(caching)
                .eTag(page.get().jsonTag())
                .body(page.get().json());
    }
}
