package io.cloudroutes.crweb.monitor;

import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionAttempt;
import io.cloudroutes.store.history.ReactionAttemptRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.history.ReactionVerification;
import io.cloudroutes.store.history.ReactionVerificationRepository;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * What the history in PostgreSQL holds, newest first: a monitor's status transitions, and its reaction runs with each
 * attempt; and the latest transitions of all of a user's monitors. A monitor is one read through
 * {@link MonitorService#get}, which is how a user's monitor is found.
 */
@Component
public class MonitorHistory {

    private final MonitorEventRepository events;
    private final ReactionRunRepository runs;
    private final ReactionAttemptRepository attempts;
    private final ReactionVerificationRepository verifications;

    MonitorHistory(
            MonitorEventRepository events,
            ReactionRunRepository runs,
            ReactionAttemptRepository attempts,
            ReactionVerificationRepository verifications) {
        this.events = events;
        this.runs = runs;
        this.attempts = attempts;
        this.verifications = verifications;
    }

    /** The checks that each of the runs took effect, by run id (runs without checks are left out). */
    Map<Long, List<ReactionVerification>> verificationsOf(List<ReactionRun> found) {
        return verifications
                .findByRunIdInOrderByRunIdAscIdAsc(
                        found.stream().map(ReactionRun::getId).toList())
                .stream()
                .collect(Collectors.groupingBy(ReactionVerification::getRunId));
    }

    /** The latest {@code count} transitions of all the user's monitors. */
    public List<MonitorEvent> latestEvents(long teamId, int count) {
        return events.findLatestForTeam(teamId, Limit.of(count));
    }

    Page<MonitorEvent> events(Monitor monitor, Pageable page) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), page);
    }

    Page<ReactionRun> runs(Monitor monitor, Pageable page) {
        return runs.findByMonitorIdOrderByStartedAtDescIdDesc(monitor.getId(), page);
    }

    /** The attempts of each of the runs, by run id, in the order they were made. */
    Map<Long, List<ReactionAttempt>> attemptsOf(List<ReactionRun> found) {
        return attempts
                .findByRunIdInOrderByRunIdAscAttemptAsc(
                        found.stream().map(ReactionRun::getId).toList())
                .stream()
                .collect(Collectors.groupingBy(ReactionAttempt::getRunId));
    }
}
