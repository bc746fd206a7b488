package io.cloudroutes.reactions;

import io.cloudroutes.core.egress.Egress;
import java.util.Optional;

/**
 * What the hosting process lends to reactions: outgoing mail ({@link #mailer()}), and every connection a reaction makes
 * for a tenant through the egress guard (HTTP through {@link #http()}, anything else through {@link #egress()}). A
 * reaction never opens a socket or looks a name up by itself. Mail is exempt: the SMTP server is the operator's, not a
 * tenant's. Every service is CloudRoutes' own type: a reaction sees no framework through them.
 */
public interface ReactionServices {

    /** The operator's SMTP server, or empty when none is configured (mail is then only logged). */
    Optional<Mailer> mailer();

    /** The From address of outgoing mail. */
    String mailFrom();

    /** The HTTP client reactions share, through the egress guard; see {@link ReactionHttp}. */
    ReactionHttp http();

    /** The egress guard, for connections other than HTTP (SSH, HAProxy, DNS updates, cloud SDKs). */
    default Egress egress() {
        return http().egress();
    }

    /** The base URL of the web UI, for links in notifications (e.g. http://localhost:8080). */
    String publicUrl();

    /** The people of the team whose reaction runs; {@link TeamContacts#NOBODY} where no team's reaction runs. */
    default TeamContacts team() {
        return TeamContacts.NOBODY;
    }

    /** These services, for a reaction of the team {@code team} describes. */
    default ReactionServices forTeam(TeamContacts team) {
        ReactionServices shared = this;
        return new ReactionServices() {
            @Override
            public Optional<Mailer> mailer() {
                return shared.mailer();
            }

            @Override
            public String mailFrom() {
                return shared.mailFrom();
            }

            @Override
            public ReactionHttp http() {
                return shared.http();
            }

            @Override
            public Egress egress() {
                return shared.egress();
            }

            @Override
            public String publicUrl() {
                return shared.publicUrl();
            }

            @Override
            public TeamContacts team() {
                return team;
            }
        };
    }
}
