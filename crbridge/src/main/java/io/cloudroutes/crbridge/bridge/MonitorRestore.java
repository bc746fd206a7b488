package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.crbridge.actioner.MissingMonitors;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Puts one monitor back into Redis the way {@link Rebuilder} does for all of them, when a result of it comes first. */
@Component
class MonitorRestore implements MissingMonitors {

    private final MonitorRepository monitors;
    private final StateSeeder states;
    private final RedisMonitorWriter writer;
    private final HeartbeatDeadlineSeeder heartbeats;

    MonitorRestore(
            MonitorRepository monitors,
            StateSeeder states,
            RedisMonitorWriter writer,
            HeartbeatDeadlineSeeder heartbeats) {
        this.monitors = monitors;
        this.states = states;
        this.writer = writer;
        this.heartbeats = heartbeats;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MonitorDefinition> restore(long monitorId) {
        Optional<Monitor> monitor = monitors.findWithReactions(monitorId);
        monitor.ifPresent(found -> {
            states.seedMissing(List.of(found)); // the status first: a scheduled monitor must never lack it
            writer.upsert(found);
            heartbeats.seed(found);
        });
        return monitor.map(Monitor::toDefinition);
    }
}
