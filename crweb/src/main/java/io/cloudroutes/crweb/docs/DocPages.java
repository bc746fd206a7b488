package io.cloudroutes.crweb.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The product documentation (the repository's {@code docs/}, packed into crweb's jar at build time), rendered from
 * markdown to HTML once, at start. Pages are found only by their exact path among the packed ones, so no request
 * can name a file outside them.
 */
@Component
class DocPages {

    /** Where the build puts {@code docs/} on the class path (a name no library uses). */
    static final String LOCATION = "cloudroutes-docs/";

    /** A rendered page: {@code path} relative to docs/ (e.g. {@code checks/http.md}), its title and its HTML. */
    record DocPage(String path, String title, String html) {}

    private static final List<Extension> EXTENSIONS =
            List.of(TablesExtension.create(), HeadingAnchorExtension.create());

    private final Map<String, DocPage> byPath = new TreeMap<>();

    DocPages() throws IOException {
        Parser parser = Parser.builder().extensions(EXTENSIONS).build();
        // docs are ours, but raw HTML in them is shown as text and only safe link schemes are kept: a page never runs
        // script in the UI's origin
        HtmlRenderer html = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .build();
        Resource[] found = new PathMatchingResourcePatternResolver(DocPages.class.getClassLoader())
                .getResources("classpath*:" + LOCATION + "**/*.md");
        for (Resource resource : found) {
            String url = resource.getURL().toString();
            String path = url.substring(url.lastIndexOf("/" + LOCATION) + LOCATION.length() + 1);
            try (InputStream in = resource.getInputStream()) {
                Node document = parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                byPath.put(path, new DocPage(path, title(document, path), html.render(document)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the doc page " + url, e);
            }
        }
    }

    /**
     * The page at {@code path} (relative to docs/); a path that ends in {@code /} (or is empty) is that folder's
     * {@code README.md}. Empty for anything else.
     */
    Optional<DocPage> find(String path) {
        String file = path.isEmpty() || path.endsWith("/") ? path + "README.md" : path;
        return Optional.ofNullable(byPath.get(file));
    }

    /** Every page, top-level pages first, then each folder's, by path. */
    List<DocPage> all() {
        return byPath.values().stream()
                .sorted(Comparator.comparing((DocPage page) -> page.path().contains("/"))
                        .thenComparing(DocPage::path))
                .toList();
    }

    private static String title(Node document, String path) {
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == 1) {
                return TextContentRenderer.builder().build().render(heading).trim();
            }
        }
        return path;
    }
}
