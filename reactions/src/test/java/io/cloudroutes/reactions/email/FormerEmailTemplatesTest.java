package io.cloudroutes.reactions.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.support.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subjects and bodies saved before the subject was a Mustache template keep working once brought up to date. */
class FormerEmailTemplatesTest {

    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "eu-west",
            1_700_000_000_000L,
            1);

    private String rendered(String subject) {
        assertThat(Templates.problem(subject, Templates.Escaping.HEADER)).isNull();
        return Templates.render(
                Templates.compile(subject, Templates.Escaping.HEADER), failure, "https://cr.example.com");
    }

    @Test
    void aSubjectWithTheFormerPlaceholdersRendersWhatItRenderedBefore() {
        String subject = FormerEmailTemplates.subject("ALERT {monitor}: {from} -> {status} ({reason})");
        assertThat(subject).isEqualTo("ALERT {{monitorName}}: {{from}} -> {{to}} ({{reason}})");
        assertThat(rendered(subject))
                .isEqualTo("ALERT checkout-api: HEALTHY -> FAILED (expected status 200-299 but got 503)");
    }

    @Test
    void theFormerDefaultSubjectBecomesTodaysWhichSaysRecovered() {
        assertThat(FormerEmailTemplates.subject("[CloudRoutes] {monitor} is {status}"))
                .isEqualTo(EmailReactionType.DEFAULT_SUBJECT);
    }

    @Test
    void aSubjectWrittenAsMustacheAlreadyIsReadAsMustache() {
        assertThat(FormerEmailTemplates.subject("{{monitorName}} is {{to}}")).isEqualTo("{{monitorName}} is {{to}}");
        assertThat(rendered(FormerEmailTemplates.subject("[ops] {{monitor}} down")))
                .isEqualTo("[ops] checkout-api down");
    }

    @Test
    void braceTextThatIsNoTemplateStaysLiteral() {
        String subject = FormerEmailTemplates.subject("{{ops}} {monitor} is {status} }}");
        assertThat(rendered(subject)).isEqualTo("{{ops}} checkout-api is FAILED }}");
        String both = FormerEmailTemplates.subject("<%x%> {{y}} {monitor}");
        assertThat(rendered(both)).isEqualTo("<%x%> {{y}} checkout-api");
    }

    @Test
    void bodiesAtTheFormerDefaultsBecomeTodaysAndOwnBodiesStayAsWritten() {
        Map<String, String> stored = Map.of(
                "to",
                "ops@example.com",
                "subject",
                "[CloudRoutes] {monitor} is {status}",
                "textTemplate",
                FormerEmailTemplates.FORMER_TEXT.replace("\n", "\r\n"),
                "htmlTemplate",
                FormerEmailTemplates.FORMER_HTML);
        assertThat(FormerEmailTemplates.upgrade(stored))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "to",
                        "ops@example.com",
                        "subject",
                        EmailReactionType.DEFAULT_SUBJECT,
                        "textTemplate",
                        EmailReactionType.DEFAULT_TEXT,
                        "htmlTemplate",
                        EmailReactionType.DEFAULT_HTML));

        Map<String, String> own = Map.of(
                "to",
                "ops@example.com",
                "subject",
                "{{monitorName}}",
                "textTemplate",
                "{{monitorName}} is {{to}}",
                "htmlTemplate",
                "<b>{{reason}}</b>");
        assertThat(FormerEmailTemplates.upgrade(own)).isEqualTo(own);
    }
}
