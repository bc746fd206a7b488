package io.cloudroutes.store.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Transitions, newest first. */
public interface MonitorEventRepository extends JpaRepository<MonitorEvent, Long> {

    List<MonitorEvent> findByMonitorIdOrderByOccurredAtDescIdDesc(Long monitorId, Limit limit);

    Optional<MonitorEvent> findFirstByMonitorIdOrderByIdDesc(Long monitorId);

    /** One page of a monitor's transitions, newest first. */
    Page<MonitorEvent> findByMonitorIdOrderByOccurredAtDescIdDesc(Long monitorId, Pageable page);

    /** The latest events of all monitors of one owner, for the dashboard. */
    @Query("select e from MonitorEvent e where e.monitorId in (select m.id from Monitor m where m.ownerId = ?1) "
            + "order by e.occurredAt desc, e.id desc")
    List<MonitorEvent> findLatestForOwner(Long ownerId, Limit limit);

    /** The last transition of each monitor of one owner that has one (the time and reason of its current status). */
    @Query(value = "select distinct on (e.monitor_id) e.* from events e join monitors m on m.id = e.monitor_id "
            + "where m.owner_id = ?1 order by e.monitor_id, e.occurred_at desc, e.id desc", nativeQuery = true)
    List<MonitorEvent> findLastOfEachMonitorOfOwner(Long ownerId);

    /**
     * The event log of one owner's monitors, newest first: events at or after {@code since} that come before the
     * position ({@code beforeAt}, {@code beforeId}) in that order, at most {@code limit}.
     */
    @Query("select e from MonitorEvent e where e.monitorId in (select m.id from Monitor m where m.ownerId = ?1) "
            + "and e.occurredAt >= ?2 and (e.occurredAt < ?3 or (e.occurredAt = ?3 and e.id < ?4)) "
            + "order by e.occurredAt desc, e.id desc")
    List<MonitorEvent> findLogOfOwner(Long ownerId, Instant since, Instant beforeAt, Long beforeId, Limit limit);
}
