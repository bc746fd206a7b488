package io.cloudroutes.checks;

import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.SetupGuide;
import java.util.List;
import java.util.Optional;

/**
 * A check type whose results are pushed to CloudRoutes from outside (a monitoring system's webhook, a job's heartbeat
 * pings): no worker runs it, so it has no checks to create. Instead it declares its {@link #routes() routes}: where
 * senders deliver, and how a delivery is read. crweb serves the routes of every pushed type on the class path.
 */
public non-sealed interface PushedCheckType extends CheckType {

    /**
     * The ways senders deliver this type's results, in the order the monitor's page lists their URLs. A webhook path
     * belongs to one type: crweb refuses to start when two installed types claim the same one.
     */
    List<PushRoute> routes();

    /** How to set up the sender of this monitor, shown on its page under its URLs; none by default. */
    default Optional<SetupGuide> setupGuide(SetupGuide.Monitor monitor) {
        return Optional.empty();
    }
}
