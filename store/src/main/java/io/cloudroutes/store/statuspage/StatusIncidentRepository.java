package io.cloudroutes.store.statuspage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Incident notes of status pages, newest first. */
public interface StatusIncidentRepository extends JpaRepository<StatusIncident, Long> {

    List<StatusIncident> findByPageIdOrderByCreatedAtDescIdDesc(Long pageId);

    Optional<StatusIncident> findByIdAndPageId(Long id, Long pageId);

    /** What a page's visitors see: the open incidents and those resolved since {@code resolvedSince}, newest first. */
    @Query("select i from StatusIncident i where i.pageId = ?1 and (i.resolvedAt is null or i.resolvedAt >= ?2) "
            + "order by i.createdAt desc, i.id desc")
    List<StatusIncident> findShown(Long pageId, Instant resolvedSince);
}
