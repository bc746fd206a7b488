package io.cloudroutes.crweb.push;

/** What became of one delivery to a pushed monitor (a webhook call or a heartbeat ping). */
public enum DeliveryOutcome {

    /** A result was recorded: it counts towards the monitor's status. */
    ACCEPTED("accepted"),
    /** The same delivery (same Datadog $ID) was recorded before; answered 2xx, nothing recorded again. */
    DUPLICATE("duplicate"),
    /** Understood and answered 2xx, but by design it changes nothing (a warning under warnAs IGNORE, a paused ping). */
    IGNORED("ignored"),
    /** Answered 2xx and kept here, but its transition or status is not one CloudRoutes knows: nothing changed. */
    UNRECOGNIZED("not recognised"),
    /** Answered with an error (wrong secret, malformed, too large, paused, storage unavailable); nothing recorded. */
    REFUSED("refused");

    private final String label;

    DeliveryOutcome(String label) {
        this.label = label;
    }

    /** The word the monitor page shows. */
    public String label() {
        return label;
    }
}
