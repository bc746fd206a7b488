package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.MonitorDefinition;
import java.util.Optional;

/**
 * Where the actioner turns when a result comes for a monitor Redis does not hold: Redis lost its data and the rebuild
 * has not reached the monitor yet, or a webhook accepted while crbridge was down is read before the first rebuild.
 */
public interface MissingMonitors {

    /**
     * The monitor as PostgreSQL has it, put back into Redis as a rebuild would (its status first, then its definition),
     * so that its result is folded from the status it had and not from UNKNOWN; empty when it was deleted.
     */
    Optional<MonitorDefinition> restore(long monitorId);
}
