package io.cloudroutes.store.outbox;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
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

    /**
     * An {@link OutboxEntry#upsert} for each monitor, in the given order, in one statement: the entry ids come from an
     * identity column, which Hibernate cannot insert in batches.
     */
    @Modifying
    @Query(
            value =
                    "insert into outbox (monitor_id, operation, created_at) select monitor_id, 'UPSERT', now()"
                            + " from unnest(cast(?1 as bigint[])) with ordinality as asked (monitor_id, position) order by position",
            nativeQuery = true)
    void upsertAll(Long[] monitorIds);
}
