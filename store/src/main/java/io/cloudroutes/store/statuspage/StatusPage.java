package io.cloudroutes.store.statuspage;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A public status page of a team: chosen monitors in groups, shown without login at {@code /status/{slug}} (and at its
 * custom domain) once published. What each field may be is in {@link io.cloudroutes.core.StatusPageLimits}.
 */
@Entity
@Table(name = "status_pages")
public class StatusPage {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false, updatable = false)
    private Long teamId;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String title;

    @Column(nullable = false)
    private String description = "";

    /** A host name of the team's that points at CloudRoutes; null: only {@code /status/{slug}}. */
    @Column(name = "custom_domain")
    private String customDomain;

    /** The value the domain's TXT record must hold to prove the team controls it; set with each new domain. */
    @Column(name = "domain_token")
    private String domainToken;

    /** When the domain was proved; null: pending, not served. */
    @Column(name = "domain_verified_at")
    private Instant domainVerifiedAt;

    @Column(name = "domain_checked_at")
    private Instant domainCheckedAt;

    @Column(name = "domain_missing_since")
    private Instant domainMissingSince;

    /** What the last look-up found, for the team; null: nothing to say. */
    @Column(name = "domain_check_message")
    private String domainCheckMessage;

    /** The time zone the days of the uptime strip begin in. */
    @Column(name = "time_zone", nullable = false)
    private String timeZone = "UTC";

    @Column(nullable = false)
    private boolean published;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
    @JoinColumn(name = "page_id", nullable = false, updatable = false)
    @OrderBy("position")
    private List<StatusPageGroup> groups = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = Instant.now();

    protected StatusPage() {}

    public StatusPage(long teamId) {
        this.teamId = teamId;
    }

    public Long getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description == null ? "" : description;
    }

    public String getCustomDomain() {
        return customDomain;
    }

    /**
     * Sets the custom domain (null: none). A different domain than before gets a new random token and starts unproved,
     * whatever the old one was: proof of one name is no proof of another.
     */
    public void setCustomDomain(String customDomain) {
        if (Objects.equals(this.customDomain, customDomain)) {
            return;
        }
        this.customDomain = customDomain;
        this.domainToken = customDomain == null ? null : newToken();
        this.domainVerifiedAt = null;
        this.domainCheckedAt = null;
        this.domainMissingSince = null;
        this.domainCheckMessage = null;
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String getDomainToken() {
        return domainToken;
    }

    public Instant getDomainVerifiedAt() {
        return domainVerifiedAt;
    }

    public boolean isDomainVerified() {
        return customDomain != null && domainVerifiedAt != null;
    }

    public Instant getDomainCheckedAt() {
        return domainCheckedAt;
    }

    public Instant getDomainMissingSince() {
        return domainMissingSince;
    }

    public String getDomainCheckMessage() {
        return domainCheckMessage;
    }

    /** The record was found: the domain is (still) proved. */
    public void domainFound(Instant now) {
        if (domainVerifiedAt == null) {
            domainVerifiedAt = now;
        }
        domainCheckedAt = now;
        domainMissingSince = null;
        domainCheckMessage = null;
    }

    /** The record was not found, or the look-up failed; a verified domain starts (or goes on) missing. */
    public void domainNotFound(Instant now, String message, boolean missing) {
        domainCheckedAt = now;
        domainCheckMessage = cut(message);
        if (missing && domainVerifiedAt != null && domainMissingSince == null) {
            domainMissingSince = now;
        }
    }

    /** The domain is no longer proved (its record has been missing too long): it is pending again. */
    public void domainUnverified(Instant now, String message) {
        domainVerifiedAt = null;
        domainMissingSince = null;
        domainCheckedAt = now;
        domainCheckMessage = cut(message);
    }

    /** The column's length: a long domain and what its record held can make a longer message. */
    private static String cut(String message) {
        return message == null || message.length() <= 500 ? message : message.substring(0, 499) + "…";
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public boolean isPublished() {
        return published;
    }

    public void setPublished(boolean published) {
        this.published = published;
    }

    /** The groups in the order shown; change it through {@link #replaceGroups}. */
    public List<StatusPageGroup> getGroups() {
        return groups;
    }

    /** Every monitor on the page, group by group, in the order shown. */
    public List<Long> monitorIds() {
        return groups.stream().flatMap(g -> g.monitorIds().stream()).toList();
    }

    /** Removes every group (and so every monitor) from the page; add the new ones after a flush. */
    public void clearGroups() {
        groups.clear();
    }

    /** Adds a group at the end, with its monitors in order. */
    public void addGroup(String name, List<Long> monitorIds) {
        groups.add(new StatusPageGroup(name, groups.size(), monitorIds));
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }
}
