package io.cloudroutes.store.team;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Memberships: who is in which team, with which role. */
public interface TeamMemberRepository extends JpaRepository<TeamMember, TeamMember.Key> {

    Optional<TeamMember> findByTeamIdAndUserId(Long teamId, Long userId);

    List<TeamMember> findByTeamIdOrderByJoinedAtAsc(Long teamId);

    long countByTeamIdAndRole(Long teamId, TeamRole role);

    /** The email addresses of the team's members who are on call, in order. */
    @Query("select u.email from TeamMember m, io.cloudroutes.store.account.UserAccount u where m.userId = u.id "
            + "and m.teamId = ?1 and m.onCall = true order by lower(u.email)")
    List<String> findOnCallEmails(Long teamId);

    /** The teams an account is in, with the team's name, personal team first, then by name. */
    @Query("select new io.cloudroutes.store.team.MemberOf(t.id, t.name, t.personalOf is not null, "
            + "m.role) from TeamMember m, Team t where m.teamId = t.id and m.userId = ?1 "
            + "order by case when t.personalOf is null then 1 else 0 end, lower(t.name), t.id")
    List<MemberOf> findTeamsOf(Long userId);

    /** The account's personal team, as {@link #findTeamsOf} lists it. */
    @Query("select new io.cloudroutes.store.team.MemberOf(t.id, t.name, true, m.role) from TeamMember m, Team t "
            + "where m.teamId = t.id and m.userId = ?1 and t.personalOf = ?1")
    Optional<MemberOf> findPersonalMembership(Long userId);

    /** One team an account is in, as {@link #findTeamsOf} lists it. */
    @Query("select new io.cloudroutes.store.team.MemberOf(t.id, t.name, t.personalOf is not null, "
            + "m.role) from TeamMember m, Team t where m.teamId = t.id and m.userId = ?1 and t.id = ?2")
    Optional<MemberOf> findMembership(Long userId, Long teamId);
}
