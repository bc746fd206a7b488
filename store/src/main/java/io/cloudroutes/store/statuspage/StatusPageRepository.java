package io.cloudroutes.store.statuspage;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Status pages. Team pages go through team-scoped methods; the public page is found by its slug or domain. */
public interface StatusPageRepository extends JpaRepository<StatusPage, Long> {

    List<StatusPage> findByTeamIdOrderBySlugAsc(Long teamId);

    Optional<StatusPage> findByIdAndTeamId(Long id, Long teamId);

    /** The page at a public address, published or not (the caller tells the two apart). */
    Optional<StatusPage> findBySlug(String slug);

    /** Whether another page (of any team) has the slug. */
    boolean existsBySlugAndIdNot(String slug, Long id);

    boolean existsBySlug(String slug);

    boolean existsByCustomDomainAndIdNot(String customDomain, Long id);

    /** Whether another page (of any team) has proved it controls the domain. */
    @Query("select count(p) > 0 from StatusPage p where p.customDomain = :domain and p.id <> :id"
            + " and p.domainVerifiedAt is not null")
    boolean domainVerifiedByAnother(String domain, Long id);

    boolean existsByCustomDomain(String customDomain);

    /** A published page's proved custom domain and slug, for every published page that has one. */
    record Domain(String customDomain, String slug) {}

    @Query("select new io.cloudroutes.store.statuspage.StatusPageRepository$Domain(p.customDomain, p.slug) "
            + "from StatusPage p where p.published = true and p.customDomain is not null"
            + " and p.domainVerifiedAt is not null")
    List<Domain> findPublishedDomains();
}
