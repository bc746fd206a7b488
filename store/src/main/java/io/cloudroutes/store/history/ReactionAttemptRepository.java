package io.cloudroutes.store.history;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The attempts of reaction runs, in order. */
public interface ReactionAttemptRepository extends JpaRepository<ReactionAttempt, Long> {

    List<ReactionAttempt> findByRunIdOrderByAttemptAsc(Long runId);

    /** The attempts of several runs at once, for a page of runs. */
    List<ReactionAttempt> findByRunIdInOrderByRunIdAscAttemptAsc(Collection<Long> runIds);
}
