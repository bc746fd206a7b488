package io.cloudroutes.reactions;

import java.util.List;

/**
 * The people of the team a reaction belongs to, as they are when it runs: who is on call now. Read at each run, so a
 * hand-over on the team page counts from the next run on.
 */
public interface TeamContacts {

    /** A process that runs no team's reactions: nobody is on call. */
    TeamContacts NOBODY = () -> List.of();

    /** The email addresses of the team's members who are on call now; empty when nobody is. */
    List<String> onCallEmails();
}
