package io.cloudroutes.crweb.audit;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.store.audit.AuditEvent;
import io.cloudroutes.store.audit.AuditEventRepository;
import java.time.Clock;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records what members do in a team, in the transaction of the change itself: a change is never saved without its
 * entry, nor an entry without its change. Who acted and from which address are read from the request being served.
 */
@Service
public class AuditLog {

    /** Who acted when there is no signed-in person (CloudRoutes itself, e.g. at start). */
    static final String SYSTEM = "CloudRoutes";

    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** The thing acted on: its kind ({@code monitor}, {@code reaction}, …), id and name as it is now. */
    public record Target(String type, Long id, String name) {

        public static Target monitor(long id, String name) {
            return new Target("monitor", id, name);
        }

        public static Target reaction(long id, String name) {
            return new Target("reaction", id, name);
        }

        public static Target apiKey(long id, String name) {
            return new Target("api-key", id, name);
        }

        public static Target member(long id, String email) {
            return new Target("member", id, email);
        }

        public static Target invitation(long id, String email) {
            return new Target("invitation", id, email);
        }

        public static Target team(long id, String name) {
            return new Target("team", id, name);
        }
    }

    /**
     * Records that the person acting now did {@code action} to {@code target} in {@code teamId}: in the caller's
     * transaction when there is one, so that the entry and the change are saved together or not at all.
     */
    @Transactional
    public void record(long teamId, AuditAction action, Target target, String details) {
        CurrentUser user = actor();
        events.save(new AuditEvent(
                teamId,
                user == null ? null : user.id(),
                user == null ? SYSTEM : label(user),
                action.id(),
                target.type(),
                target.id(),
                cut(target.name(), 200),
                cut(details, AuditEvent.MAX_DETAILS),
                address(),
                clock.instant()));
    }

    /** A page of the team's log, newest first. */
    @Transactional(readOnly = true)
    public Page<AuditEvent> page(long teamId, Pageable page) {
        return events.findByTeamIdOrderByOccurredAtDescIdDesc(teamId, page);
    }

    private static String label(CurrentUser user) {
        return user.key() == null
                ? user.getUsername()
                : user.getUsername() + " (API key " + user.key().prefix() + "…)";
    }

    private static CurrentUser actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user ? user : null;
    }

    private static String address() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? cut(attributes.getRequest().getRemoteAddr(), 64)
                : null;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
