package io.cloudroutes.store.history;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The verifications of reaction runs, for the run log. */
public interface ReactionVerificationRepository extends JpaRepository<ReactionVerification, Long> {

    /** The verifications of several runs at once, for a page of runs. */
    List<ReactionVerification> findByRunIdInOrderByRunIdAscIdAsc(Collection<Long> runIds);
}
