package io.cloudroutes.store.outbox;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

/** The outbox, read oldest first. */
public interface OutboxRepository extends JpaRepository<OutboxEntry, Long> {

    /**
     * The oldest pending entries, locked so that several bridges never apply the same entry at once
     * ({@code SKIP LOCKED}: a second bridge takes the next batch instead of waiting).
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    @Query("select o from OutboxEntry o order by o.id")
    List<OutboxEntry> lockOldest(Limit limit);
}
