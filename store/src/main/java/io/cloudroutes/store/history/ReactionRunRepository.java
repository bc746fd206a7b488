package io.cloudroutes.store.history;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Reaction runs, newest first. */
public interface ReactionRunRepository extends JpaRepository<ReactionRun, Long> {

    List<ReactionRun> findByMonitorIdOrderByStartedAtDescIdDesc(Long monitorId, Limit limit);

    List<ReactionRun> findByMonitorIdAndReactionIdOrderByIdAsc(Long monitorId, Long reactionId);

    /** One page of a monitor's reaction runs, newest first. */
    Page<ReactionRun> findByMonitorIdOrderByStartedAtDescIdDesc(Long monitorId, Pageable page);
}
