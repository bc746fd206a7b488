package io.cloudroutes.store.reaction;

import io.cloudroutes.core.CallOn;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Reactions. Every user-facing lookup goes through a team-scoped method. */
public interface ReactionConfigRepository extends JpaRepository<ReactionConfig, Long> {

    Optional<ReactionConfig> findByIdAndTeamId(Long id, Long teamId);

    List<ReactionConfig> findByTeamIdOrderByNameAsc(Long teamId);

    List<ReactionConfig> findByTeamIdAndIdIn(Long teamId, Collection<Long> ids);

    /**
     * The monitor's reactions with one of {@code callOns} ({@link CallOn#runningOn} its status) whose trigger is
     * {@code heldFor} results.
     */
    @Query("select r from Monitor m join m.reactions r where m.id = ?1 and r.callOn in ?2 and r.triggerCount = ?3 "
            + "order by r.id")
    List<ReactionConfig> findDue(Long monitorId, Collection<CallOn> callOns, int heldFor);

    /** The monitor's reactions among {@code ids}; for runs decided earlier (escalation steps, restores). */
    @Query("select r from Monitor m join m.reactions r where m.id = ?1 and r.id in ?2 order by r.id")
    List<ReactionConfig> findAttached(Long monitorId, Collection<Long> ids);
}
