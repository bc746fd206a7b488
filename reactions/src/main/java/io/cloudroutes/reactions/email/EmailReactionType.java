package io.cloudroutes.reactions.email;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.Templates;
import java.util.List;
import java.util.Map;

/** Emails people about a transition, as text and HTML, through the SMTP server the actioner is configured with. */
public final class EmailReactionType implements ReactionType {

    /** Says "recovered" on a recovery, "is FAILED" on a failure. */
    static final String DEFAULT_SUBJECT =
            "[CloudRoutes] {{monitorName}} {{#isHealthy}}recovered{{/isHealthy}}{{^isHealthy}}is {{to}}{{/isHealthy}}";

    static final String DEFAULT_TEXT = """
            {{#isHealthy}}{{monitorName}} recovered: it is HEALTHY again (was {{from}}).{{/isHealthy}}\
            {{^isHealthy}}{{monitorName}} is {{to}} (was {{from}}).{{/isHealthy}}

            Reason: {{reason}}
            Zone:   {{zone}}
            Time:   {{at}}

            {{monitorUrl}}
            """;

    static final String DEFAULT_HTML = """
            <!DOCTYPE html>
            <html>
            <body style="font-family: sans-serif">
            <p><strong>{{monitorName}}</strong> \
            {{#isHealthy}}recovered: it is <strong style="color: #067647">HEALTHY</strong> again{{/isHealthy}}\
            {{^isHealthy}}is <strong{{#isFailed}} style="color: #b00020"{{/isFailed}}>{{to}}</strong>{{/isHealthy}} \
            (was {{from}}).</p>
            <table>
            <tr><td>Reason</td><td>{{reason}}</td></tr>
            <tr><td>Zone</td><td>{{zone}}</td></tr>
            <tr><td>Time</td><td>{{at}}</td></tr>
            </table>
            <p><a href="{{monitorUrl}}">{{monitorUrl}}</a></p>
            </body>
            </html>
            """;

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("to", "Recipients", SettingType.EMAIL)
                    .help("One address, or several separated by commas; may be empty when the mail goes to the "
                            + "team's on-call members"),
            Setting.of("toOnCall", "Also the team's on-call members", SettingType.BOOLEAN)
                    .withDefault("false")
                    .help("Also send it to the members who are on call in the reaction's team when it runs (set on "
                            + "the Team page)"),
            Setting.of("subject", "Subject", SettingType.TEXT)
                    .withDefault(DEFAULT_SUBJECT)
                    .help("Mustache template like the bodies, e.g. {{monitorName}} is {{to}}: {{reason}}; line breaks "
                            + "in values become spaces"),
            Setting.of("textTemplate", "Text body", SettingType.TEXTAREA)
                    .withDefault(DEFAULT_TEXT)
                    .help("Mustache template of the plain-text part, e.g. {{monitorName}} is {{to}}: {{reason}}"),
            Setting.of("htmlTemplate", "HTML body", SettingType.TEXTAREA)
                    .withDefault(DEFAULT_HTML)
                    .help("Mustache template of the HTML part; values are HTML-escaped"));

    @Override
    public boolean sendsEmail() {
        return true;
    }

    @Override
    public String id() {
        return "email";
    }

    @Override
    public String name() {
        return "Email";
    }

    @Override
    public boolean notifiesBothWays() {
        return true;
    }

    @Override
    public String description() {
        return "Emails people about the change, as text and HTML, through your SMTP server.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.NOTIFY;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<EmailReaction.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, EmailReactionType::read);
    }

    private static EmailReaction.Config read(SettingValues values) {
        String formerPlaceholder = FormerEmailTemplates.placeholderProblem(values.text("subject"));
        if (formerPlaceholder != null) {
            values.reject("subject", "Subject: " + formerPlaceholder);
        }
        Template subject = formerPlaceholder != null
                ? null
                : Templates.read(values, "subject", "Subject", Templates.Escaping.HEADER);
        Template text = Templates.read(values, "textTemplate", "Text body", Templates.Escaping.NONE);
        Template html = Templates.read(values, "htmlTemplate", "HTML body", Templates.Escaping.HTML);
        List<String> to = values.commaSeparated("to");
        boolean toOnCall = values.bool("toOnCall");
        if (to.isEmpty() && !toOnCall) {
            values.reject(
                    "to",
                    "Recipients: give at least one address, or send it to the team's on-call members (tick \"Also "
                            + "the team's on-call members\")");
        }
        if (values.anyRejected()) {
            return null;
        }
        return new EmailReaction.Config(to, toOnCall, subject, text, html);
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new EmailReaction(parse(settings).orThrow(), services);
    }
}
