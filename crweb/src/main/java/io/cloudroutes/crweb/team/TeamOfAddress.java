package io.cloudroutes.crweb.team;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * For a handler whose address names a thing of one team (an approval request's link, say): which team that is, so that
 * the request acts in it, whatever team the person works in at the moment. A person who is not a member of that team
 * finds nothing there; a member is checked against their role in it. A Spring bean, named by {@link Requires#teamOf()}.
 */
public interface TeamOfAddress {

    /** The team of what the request's address names; empty when it names nothing there is. */
    Optional<Long> teamOf(HttpServletRequest request);

    /** What the address names, for the "not found" answer: "approval request". */
    String what();
}
