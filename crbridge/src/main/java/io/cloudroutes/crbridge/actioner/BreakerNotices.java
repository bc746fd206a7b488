package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.reactions.MailFailure;
import io.cloudroutes.reactions.Mailer;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.store.team.TeamMemberRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one notice of each trip: an email to the team's members on call, or, for a trip over all monitors, to the
 * operator's addresses (CLOUDROUTES_SAFEGUARDS_NOTIFY), through the SMTP server reactions send with. A trip's notice
 * is taken with a conditional update before it is sent, so that of several actioners one sends it; one that could not
 * be sent for a reason that may pass is given back and sent again next round.
 */
@Component
class BreakerNotices {

    private static final Logger log = LoggerFactory.getLogger(BreakerNotices.class);

    private final SafeguardTrips trips;
    private final TeamMemberRepository members;
    private final ReactionServices services;
    private final BreakerLimits limits;

    BreakerNotices(
            SafeguardTrips trips, TeamMemberRepository members, ReactionServices services, BreakerLimits limits) {
        this.trips = trips;
        this.members = members;
        this.services = services;
        this.limits = limits;
    }

    /** Sends the notices of the open trips that have none yet. */
    void sendPending(Instant now) {
        for (SafeguardTrips.Trip trip : trips.unnotified()) {
            if (trips.takeNotice(trip, now)) {
                send(trip);
            }
        }
    }

    private void send(SafeguardTrips.Trip trip) {
        List<String> to =
                trip.teamId() == null ? limits.defaults().notifyAddresses() : members.findOnCallEmails(trip.teamId());
        String scope = trip.teamId() == null
                ? "all monitors"
                : "team '" + limits.of(trip.teamId()).teamName() + "'";
        String subject = "[CloudRoutes] breaker open for " + scope + ": disruptive actions are held";
        String text = "CloudRoutes holds the disruptive actions (DNS failovers, drains, reboots) of " + scope
                + " instead of running them:\n\n" + trip.reason() + "\n\nOpened at " + trip.openedAt()
                + ". Look at what failed; release the held runs one by one or all at once on the Held runs page: "
                + services.publicUrl()
                + "/held-runs\nThe breaker closes by itself once the condition has passed for a whole "
                + "window; held runs wait for a person.\n";
        Optional<Mailer> mailer = services.mailer();
        if (to.isEmpty() || mailer.isEmpty()) {
            log.warn(
                    "blast-radius trip notice not mailed ({}) trip={} reason=\"{}\"",
                    to.isEmpty()
                            ? (trip.teamId() == null
                                    ? "set CLOUDROUTES_SAFEGUARDS_NOTIFY"
                                    : "nobody of the team is on call")
                            : "no SMTP server configured",
                    trip.id(),
                    trip.reason());
            return;
        }
        try {
            mailer.get().send(new Mailer.Email(services.mailFrom(), to, subject, text, html(text)));
            log.info("blast-radius trip notice sent trip={} recipients={}", trip.id(), to.size());
        } catch (MailFailure failure) {
            log.warn("could not send a blast-radius trip notice trip={} error={}", trip.id(), failure.getMessage());
            if (failure.retryable()) {
                trips.giveNoticeBack(trip);
            }
        }
    }

    private static String html(String text) {
        return "<pre>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>";
    }
}
