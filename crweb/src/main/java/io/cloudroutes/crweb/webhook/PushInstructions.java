package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.PushUrl;
import io.cloudroutes.checks.push.SetupGuide;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.crweb.push.PushEndpoints;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What to paste into the sender, as the monitor page shows it: the {@link SetupGuide} of the monitor's check type (the
 * Datadog payload template, the Alertmanager receiver…). Available to templates as {@code @pushInstructions}.
 */
@Component("pushInstructions")
public class PushInstructions {

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`(.+?)`");

    private final PluginRegistry<CheckType> types;
    private final PushEndpoints endpoints;

    PushInstructions(PluginRegistry<CheckType> types, PushEndpoints endpoints) {
        this.types = types;
        this.endpoints = endpoints;
    }

    /** A guide as the page shows it: element ids from the type's id, the paragraph as safe HTML. */
    public record Guide(String id, String title, String introHtml, List<Snippet> snippets) {}

    /** A text to copy, with the id of the element that holds it. */
    public record Snippet(String id, String label, String text) {}

    /** The guide of the monitor's type, with {@code secret} while the page shows it (null: a placeholder). */
    public Optional<Guide> guide(Monitor monitor, String secret) {
        String shownSecret = secret == null ? PushEndpoints.SECRET_PLACEHOLDER : secret;
        List<PushUrl> urls = endpoints.urls(monitor, shownSecret);
        String typeId = monitor.getCheckType();
        return types.find(typeId)
                .filter(PushedCheckType.class::isInstance)
                .flatMap(type ->
                        ((PushedCheckType) type).setupGuide(new SetupGuide.Monitor(monitor.getId(), shownSecret, urls)))
                .map(guide -> new Guide(
                        typeId + "-setup",
                        guide.title(),
                        html(guide.intro()),
                        guide.snippets().stream()
                                .map(s -> new Snippet(typeId + "-" + s.name(), s.label(), s.text()))
                                .toList()));
    }

    /** The paragraph escaped, then its only markup: {@code **bold**} and {@code `code`}. */
    static String html(String intro) {
        String escaped = HtmlUtils.htmlEscape(intro);
        escaped = BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
        return CODE.matcher(escaped).replaceAll("<code>$1</code>");
    }
}
