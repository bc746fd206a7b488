package io.cloudroutes.crweb.push;

import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The reads of pushed monitors that their endpoints and their delivery log need. */
@Service
public class PushedMonitors {

    private final MonitorRepository monitors;

    PushedMonitors(MonitorRepository monitors) {
        this.monitors = monitors;
    }

    /** The monitor whose secret this is (the secret alone names it, as in a ping URL); empty when there is none. */
    public Optional<Monitor> bySecret(String secret) {
        return monitors.findByPushSecretHash(SecretTokens.hash(secret));
    }

    /** The user's monitor {@code monitorId}; 404 when it is not theirs or does not exist. */
    Monitor owned(long teamId, long monitorId) {
        return monitors.findByIdAndTeamId(monitorId, teamId)
                .orElseThrow(() -> new NotFoundException("monitor " + monitorId));
    }
}
