package io.cloudroutes.reactions;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import java.util.Optional;

/**
 * The services a hosting process lends, built from real parts for tests: the production HTTP client through the
 * production egress guard, with loopback allowed (as an operator allows it with
 * {@code CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8,::1/128}), since the tests' servers listen there.
 */
public record TestServices(Optional<Mailer> mailer, String mailFrom, ReactionHttp http, String publicUrl)
        implements ReactionServices {

    /** The guard with loopback allowed. */
    public static final Egress LOOPBACK =
            Egress.of(EgressPolicy.allowing("127.0.0.0/8,::1/128", EgressPolicy.ALLOW_VARIABLE));

    private static final ReactionHttp LOOPBACK_HTTP = ReactionHttp.through(LOOPBACK);

    /** Services that send mail through {@code mailer}, or only log it when it is null. */
    public static TestServices withMail(Mailer mailer) {
        return new TestServices(
                Optional.ofNullable(mailer),
                "cloudroutes@example.com",
                LOOPBACK_HTTP,
                "https://cloudroutes.example.com");
    }

    /** Services that send mail through the SMTP server on loopback {@code port}, as production does. */
    public static TestServices withSmtp(int port) {
        return withMail(new SmtpMailer(new SmtpSettings("127.0.0.1", port, null, null, false)));
    }

    /** Services whose connections go through {@code egress}. */
    public static TestServices through(Egress egress) {
        return new TestServices(
                Optional.empty(),
                "cloudroutes@example.com",
                ReactionHttp.through(egress),
                "https://cloudroutes.example.com");
    }
}
