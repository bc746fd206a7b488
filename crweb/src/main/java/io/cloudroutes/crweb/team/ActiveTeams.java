package io.cloudroutes.crweb.team;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cloudroutes.crweb.account.ApiKeyCacheProperties;
import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.system.DatabaseOutage;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.store.team.MemberOf;
import io.cloudroutes.store.team.TeamMemberRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Which team a request acts in, read from the database on every request: a member removed from a team, or whose
 * role changed, is refused or limited from their next request on, whatever their session or key says. While the
 * database cannot be reached (when nobody can be removed either), a membership read within the API keys' outage grace
 * ({@code cloudroutes.api-keys.outage-grace}) is used instead, so that live status stays readable.
 */
@Service
public class ActiveTeams {

    /** The session attribute holding the team a person chose in the header; absent for their personal team. */
    static final String CHOSEN_TEAM = "cloudroutes.team";

    private static final String RESOLVED = ActiveTeam.class.getName();

    private final TeamMemberRepository members;
    private final DatabaseOutage outage;
    // by account and asked team (0: the personal team): what was last read, for outages only
    private final Cache<String, Remembered> remembered;

    ActiveTeams(TeamMemberRepository members, DatabaseOutage outage, ApiKeyCacheProperties keys) {
        this.members = members;
        this.outage = outage;
        this.remembered = Caffeine.newBuilder()
                .maximumSize(keys.maximumKeys())
                .expireAfterWrite(keys.outageGrace())
                .build();
    }

    private record Remembered(Optional<MemberOf> membership, long readAtNanos) {}

    /**
     * The team {@code user} acts in: an API key's own team, or the team chosen for the session, or else the personal
     * team. Empty when the key's member has left its team (the key no longer works).
     */
    Optional<ActiveTeam> resolve(HttpServletRequest request, CurrentUser user) {
        Object known = request.getAttribute(RESOLVED);
        if (known instanceof ActiveTeam team && team.memberId() == user.id()) {
            return Optional.of(team);
        }
        CurrentUser.ApiKeyUsed key = user.key();
        Optional<Long> asked = key != null ? Optional.of(key.teamId()) : chosen(request.getSession(false));
        Optional<MemberOf> membership = read(
                user.id(),
                asked,
                () -> key != null
                        ? members.findMembership(user.id(), key.teamId())
                        : asked.flatMap(teamId -> members.findMembership(user.id(), teamId))
                                .or(() -> members.findPersonalMembership(user.id())));
        return actingIn(request, user, membership);
    }

    /**
     * {@code user} acting in {@code teamId}, which the request's address names (an approval link), for this request
     * only: what they chose to work in stays chosen. Empty unless they are a member of it (and for an API key, unless it
     * is the key's team).
     */
    Optional<ActiveTeam> resolveIn(HttpServletRequest request, CurrentUser user, long teamId) {
        CurrentUser.ApiKeyUsed key = user.key();
        if (key != null && key.teamId() != teamId) {
            return Optional.empty();
        }
        return actingIn(
                request, user, read(user.id(), Optional.of(teamId), () -> members.findMembership(user.id(), teamId)));
    }

    /** {@code user} acting in the team of {@code membership}, kept for the rest of the request. */
    private static Optional<ActiveTeam> actingIn(
            HttpServletRequest request, CurrentUser user, Optional<MemberOf> membership) {
        Optional<ActiveTeam> team = membership.map(
                m -> new ActiveTeam(m.teamId(), m.teamName(), m.personal(), user.id(), user.getUsername(), m.role()));
        team.ifPresent(t -> request.setAttribute(RESOLVED, t));
        return team;
    }

    /** Whether {@code team} is the one the person chose to work in for this session (their personal team if none). */
    public boolean worksIn(HttpServletRequest request, ActiveTeam team) {
        Optional<Long> chosen = chosen(request.getSession(false));
        return chosen.map(teamId -> teamId == team.id()).orElse(team.personal());
    }

    /** From the database; what it said last time, only while it cannot be reached. */
    private Optional<MemberOf> read(long userId, Optional<Long> asked, Supplier<Optional<MemberOf>> database) {
        String key = userId + "/" + asked.orElse(0L);
        Remembered known = remembered.getIfPresent(key);
        Remembered now = outage.readOrRemembered(known, known == null ? 0 : known.readAtNanos(), Duration.ZERO, () -> {
            Remembered read = new Remembered(database.get(), System.nanoTime());
            remembered.put(key, read);
            return read;
        });
        return now.membership();
    }

    /** The teams a person is in: their personal team first, then by name. */
    public List<MemberOf> teamsOf(long userId) {
        return members.findTeamsOf(userId);
    }

    /** Makes {@code teamId} the team the session acts in; a team the person is not in is not found. */
    MemberOf choose(HttpSession session, long userId, long teamId) {
        MemberOf membership =
                members.findMembership(userId, teamId).orElseThrow(() -> new NotFoundException("team " + teamId));
        if (membership.personal()) {
            session.removeAttribute(CHOSEN_TEAM);
        } else {
            session.setAttribute(CHOSEN_TEAM, teamId);
        }
        return membership;
    }

    private static Optional<Long> chosen(HttpSession session) {
        return session == null || !(session.getAttribute(CHOSEN_TEAM) instanceof Long teamId)
                ? Optional.empty()
                : Optional.of(teamId);
    }
}
