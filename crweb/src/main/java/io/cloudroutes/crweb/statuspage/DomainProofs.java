package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.core.StatusPageLimits.CustomDomain;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves that a status page's team controls its custom domain: the TXT record at
 * {@code _cloudroutes-challenge.<domain>} must hold {@code cloudroutes-domain-verification=<the page's token>}. A
 * person asks for it ("Verify now"); {@link #recheck} looks again in the background, proving pending domains and
 * unverifying a domain whose record has been missing longer than the grace period. Only a verified domain is served.
 */
@Service
class DomainProofs {

    private static final Logger log = LoggerFactory.getLogger(DomainProofs.class);

    private final StatusPageRepository pages;
    private final ChallengeLookup lookup;
    private final CustomDomainProperties properties;
    private final CustomDomains domains;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DomainProofs(
            StatusPageRepository pages,
            ChallengeLookup lookup,
            CustomDomainProperties properties,
            CustomDomains domains,
            AuditLog audit,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.pages = pages;
        this.lookup = lookup;
        this.properties = properties;
        this.domains = domains;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The TXT value that proves the page's domain. */
    static String txtValue(StatusPage page) {
        return CustomDomain.TXT_VALUE_PREFIX + page.getDomainToken();
    }

    /**
     * Looks the team's page's record up now and records what was found (the page is then verified, or pending with
     * what was found in its check message). What is wrong when the page has no custom domain; empty: looked up.
     */
    List<FieldProblem> verifyNow(long teamId, long pageId) {
        StatusPage page = pages.findByIdAndTeamId(pageId, teamId)
                .orElseThrow(() -> new NotFoundException("status page " + pageId));
        if (page.getCustomDomain() == null) {
            return List.of(new FieldProblem(
                    "customDomain", "this page has no custom domain; enter one and save the page first"));
        }
        check(page);
        return List.of();
    }

    /**
     * One background round: claims at most {@code recheckBatch} pages whose domain was not looked up within
     * {@code domainRecheck} and looks each up. The claim (an update that skips rows another crweb holds) is what lets
     * several crwebs run this at once without two of them checking the same page. Returns how many were checked.
     */
    int recheck() {
        Instant now = clock.instant();
        List<Long> claimed = jdbc.queryForList(
                """
                update status_pages set domain_checked_at = ?
                 where id in (select id from status_pages
                               where custom_domain is not null and (domain_checked_at is null or domain_checked_at <= ?)
                               order by domain_checked_at nulls first, id
                               limit ? for update skip locked)
                returning id""",
                Long.class,
                Timestamp.from(now),
                Timestamp.from(now.minus(properties.domainRecheck())),
                properties.recheckBatch());
        for (long id : claimed) {
            pages.findById(id).filter(page -> page.getCustomDomain() != null).ifPresent(this::check);
        }
        return claimed.size();
    }

    /** Looks the page's record up (outside any transaction: a slow resolver holds no connection) and records it. */
    private void check(StatusPage page) {
        String domain = page.getCustomDomain();
        String token = page.getDomainToken();
        ChallengeLookup.Answer answer = lookup.lookUp(domain);
        try {
            transaction.executeWithoutResult(status -> record(page.getId(), domain, token, answer));
        } catch (DataIntegrityViolationException e) {
            // another page proved the same domain at the same moment: the unique index let only one through
            transaction.executeWithoutResult(status -> pages.findById(page.getId())
                    .filter(p -> Objects.equals(p.getDomainToken(), token))
                    .ifPresent(p -> {
                        p.domainNotFound(clock.instant(), CustomDomain.TAKEN_MESSAGE, false);
                        pages.save(p);
                    }));
        }
    }

    private void record(long pageId, String domain, String token, ChallengeLookup.Answer answer) {
        StatusPage page = pages.findById(pageId).orElse(null);
        if (page == null
                || !Objects.equals(page.getCustomDomain(), domain)
                || !Objects.equals(page.getDomainToken(), token)) {
            return; // deleted, or given another domain while we looked: that one is looked up on its own
        }
        Instant now = clock.instant();
        boolean wasVerified = page.isDomainVerified();
        String expected = txtValue(page);
        String challenge = ChallengeLookup.challengeName(domain);
        if (!wasVerified && pages.domainVerifiedByAnother(domain, pageId)) {
            // the same words whatever the record holds: a claim learns nothing of the page that proved the domain
            page.domainNotFound(now, CustomDomain.TAKEN_MESSAGE, false);
        } else {
            switch (answer) {
                case ChallengeLookup.Answer.Found(var values) when values.contains(expected) -> page.domainFound(now);
                case ChallengeLookup.Answer.Found(var values) ->
                    page.domainNotFound(
                            now,
                            "the TXT record at " + challenge + " holds " + shown(values) + ", not " + expected
                                    + "; publish exactly that value (the token is this page's) and verify again",
                            true);
                case ChallengeLookup.Answer.Missing(var why) ->
                    page.domainNotFound(
                            now,
                            why + "; publish a TXT record " + challenge + " with the value " + expected
                                    + " and verify again (DNS changes can take a few minutes to show)",
                            true);
                case ChallengeLookup.Answer.Failed(var why) -> page.domainNotFound(now, why, false);
            }
        }
        Instant missingSince = page.getDomainMissingSince();
        boolean expired = missingSince != null
                && !Duration.between(missingSince, now)
                        .minus(properties.domainGrace())
                        .isNegative();
        if (expired) {
            page.domainUnverified(
                    now,
                    "unverified: the TXT record at " + challenge + " has been missing since " + missingSince
                            + "; publish it again and verify");
        }
        pages.saveAndFlush(page);
        Target target = new Target("status-page", page.getId(), page.getSlug());
        if (!wasVerified && page.isDomainVerified()) {
            audit.record(page.getTeamId(), AuditAction.STATUS_PAGE_DOMAIN_VERIFIED, target, "domain " + domain);
            domains.forget();
            log.info("Status page {} proved its custom domain {}", page.getId(), domain);
        } else if (wasVerified && !page.isDomainVerified()) {
            audit.record(
                    page.getTeamId(),
                    AuditAction.STATUS_PAGE_DOMAIN_UNVERIFIED,
                    target,
                    "domain " + domain + ": TXT record missing since " + missingSince + " (longer than "
                            + properties.domainGrace().toHours() + " h)");
            domains.forget();
            log.info("Status page {}'s custom domain {} is no longer proved; it is not served", page.getId(), domain);
        }
    }

    private static String shown(List<String> values) {
        List<String> first = values.stream()
                .limit(3)
                .map(v -> "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'")
                .toList();
        return String.join(", ", first) + (values.size() > 3 ? " and " + (values.size() - 3) + " more" : "");
    }
}
