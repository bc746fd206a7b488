package io.cloudroutes.reactions;

import io.cloudroutes.core.egress.Egress;
import java.util.Optional;

/**
 * The services a process lends its reactions: SMTP when configured, one shared HTTP client through the process's egress
 * guard, the UI's address. Closing it closes the HTTP client.
 */
public final class StandardReactionServices implements ReactionServices, AutoCloseable {

    private final Optional<Mailer> mailer;
    private final String mailFrom;
    private final ReactionHttp http;
    private final String publicUrl;

    private StandardReactionServices(Optional<Mailer> mailer, String mailFrom, ReactionHttp http, String publicUrl) {
        this.mailer = mailer;
        this.mailFrom = mailFrom;
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** Services for the configured SMTP server (or none), sender address, public URL and egress guard. */
    public static StandardReactionServices of(SmtpSettings smtp, String mailFrom, String publicUrl, Egress egress) {
        return new StandardReactionServices(SmtpMailer.of(smtp), mailFrom, ReactionHttp.through(egress), publicUrl);
    }

    @Override
    public Optional<Mailer> mailer() {
        return mailer;
    }

    @Override
    public String mailFrom() {
        return mailFrom;
    }

    @Override
    public ReactionHttp http() {
        return http;
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }

    @Override
    public void close() {
        http.close();
    }
}
