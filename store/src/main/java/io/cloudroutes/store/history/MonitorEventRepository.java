package io.cloudroutes.store.history;

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

    /** The latest events of all monitors of one team, for the dashboard. */
    @Query("select e from MonitorEvent e where e.monitorId in (select m.id from Monitor m where m.teamId = ?1) "
            + "order by e.occurredAt desc, e.id desc")
    List<MonitorEvent> findLatestForTeam(Long teamId, Limit limit);
}
