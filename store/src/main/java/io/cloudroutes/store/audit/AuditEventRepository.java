package io.cloudroutes.store.audit;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** A team's audit log, newest first. */
public interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

    Page<AuditEvent> findByTeamIdOrderByOccurredAtDescIdDesc(Long teamId, Pageable page);
}
