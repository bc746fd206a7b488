package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The actioner's one path for every result, from workers and from webhooks alike: fold it into state, record a
 * transition, hand the monitor's due reactions to the dispatcher.
 */
@Component
class ResultProcessor {

    private static final Logger log = LoggerFactory.getLogger(ResultProcessor.class);

    private final StateFolder folder;
    private final MonitorEventRepository events;
    private final ReactionDispatcher reactions;
    private final HeartbeatDeadlines deadlines;
    private final MonitorRepository monitors;
    private final Counter folded;
    private final Counter duplicates;
    private final Counter transitions;

    ResultProcessor(StateFolder folder, MonitorEventRepository events, ReactionDispatcher reactions,
            HeartbeatDeadlines deadlines, MonitorRepository monitors, MeterRegistry meters) {
        this.folder = folder;
        this.monitors = monitors;
        this.events = events;
        this.reactions = reactions;
        this.deadlines = deadlines;
        this.folded = meters.counter("cloudroutes.actioner.results", "outcome", "folded");
        this.duplicates = meters.counter("cloudroutes.actioner.results", "outcome", "duplicate");
        this.transitions = meters.counter("cloudroutes.actioner.transitions");
    }

    void process(CheckResult result) {
        Optional<MonitorDefinition> definition = folder.definition(result.monitorId());
        if (definition.isEmpty()) {
            // Not in Redis yet: a webhook accepted while crbridge was down can be read from the stream before the
            // bridge's first rebuild wrote its monitor. PostgreSQL decides whether the monitor still exists.
            definition = monitors.findById(result.monitorId()).map(Monitor::toDefinition);
        }
        if (definition.isEmpty()) {
            log.debug("dropping result of a deleted monitor monitor={}", result.monitorId());
            return;
        }
        Optional<Fold> fold = folder.fold(result, definition.get());
        deadlines.afterFold(result, definition.get(), fold);
        if (fold.isEmpty()) {
            duplicates.increment();
            return;
        }
        try {
            handle(result, definition.get(), fold.get());
        } finally {
            // counted once handled (its transition recorded, its reactions handed on), so that the count says a
            // result is done with, not half-way
            folded.increment();
        }
    }

    private void handle(CheckResult result, MonitorDefinition definition, Fold state) {
        String reason = definition.override() == state.current()
                ? "held at " + state.current() + " by hand (the checks say: " + result.reason() + ")" : result.reason();
        if (state.transitioned()) {
            transitions.increment();
            events.save(new MonitorEvent(result.monitorId(), state.previous(), state.current(), reason,
                    result.zone(), Instant.ofEpochMilli(result.checkedAtMillis())));
            log.info("monitor transition monitor={} name=\"{}\" from={} to={} reason=\"{}\" zone={}",
                    result.monitorId(), definition.name(), state.previous(), state.current(), reason,
                    result.zone());
        }
        if (!state.counted() || state.current() == Status.UNKNOWN) {
            // heldFor did not move, so no trigger was reached by this result: what was due at this count has been
            // handed on by the result that reached it (a reaction runs once per episode, however many results follow)
            return;
        }
        // A first HEALTHY is not a recovery: nothing had failed, so recovery reactions stay quiet.
        if (state.current() == Status.HEALTHY && state.episodeFrom() == Status.UNKNOWN) {
            return;
        }
        reactions.dispatch(new StatusChanged(result.monitorId(), definition.name(), state.episodeFrom(),
                state.current(), reason, result.zone(), result.checkedAtMillis(), state.heldFor()));
    }
}
