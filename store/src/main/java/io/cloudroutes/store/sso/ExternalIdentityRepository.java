package io.cloudroutes.store.sso;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Identities at OpenID Connect providers by (issuer, subject), and the accounts they log in as. */
public interface ExternalIdentityRepository extends JpaRepository<ExternalIdentity, Long> {

    @Query("select i.userId from ExternalIdentity i where i.issuer = ?1 and i.subject = ?2")
    Optional<Long> findUserId(String issuer, String subject);

    List<ExternalIdentity> findByUserId(long userId);

    /**
     * Links the identity to the account unless it is linked already (two first log-ins at once: the first one wins);
     * 1 if it was linked now, 0 if it was linked before.
     */
    @Modifying
    @Transactional
    @Query(
            value = "insert into external_identities (issuer, subject, user_id) values (?1, ?2, ?3)"
                    + " on conflict (issuer, subject) do nothing",
            nativeQuery = true)
    int linkIfAbsent(String issuer, String subject, long userId);
}
