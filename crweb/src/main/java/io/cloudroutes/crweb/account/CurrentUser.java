package io.cloudroutes.crweb.account;

import io.cloudroutes.store.apikey.ApiKeyScope;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * The signed-in person (or the program using an API key as the member who made it), with the account id; the team a
 * request acts in and the member's role there are read per request ({@code team.ActiveTeams}).
 */
public class CurrentUser extends User {

    /** What a request needs to change anything through the REST API: held by read-write API keys only. */
    static final String API_WRITE = "API_WRITE";

    private final long id;
    // the team of the API key the request came with; null for a person signed in to the pages
    private final Long keyTeamId;
    private final boolean readOnlyKey;

    /** A person logged in through the log-in form. */
    CurrentUser(long id, String email, String passwordHash) {
        this(id, email, passwordHash, List.of(), null, false);
    }

    /** A person logged in through single sign-on ({@code sso/}): no password. */
    protected CurrentUser(long id, String email) {
        this(id, email, "", List.of(), null, false);
    }

    private CurrentUser(
            long id,
            String email,
            String passwordHash,
            List<GrantedAuthority> more,
            Long keyTeamId,
            boolean readOnlyKey) {
        super(email, passwordHash, authorities(more));
        this.id = id;
        this.keyTeamId = keyTeamId;
        this.readOnlyKey = readOnlyKey;
    }

    /** A program calling the API with a key of {@code scope} made in {@code teamId}; it acts as the key's member. */
    static CurrentUser withKey(long id, String email, long teamId, ApiKeyScope scope) {
        boolean readWrite = scope == ApiKeyScope.READ_WRITE;
        return new CurrentUser(
                id,
                email,
                "",
                readWrite ? List.of(new SimpleGrantedAuthority(API_WRITE)) : List.of(),
                teamId,
                !readWrite);
    }

    private static List<GrantedAuthority> authorities(List<GrantedAuthority> more) {
        List<GrantedAuthority> all = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
        all.addAll(more);
        return all;
    }

    public long id() {
        return id;
    }

    /** The team of the API key this request came with; null for a person on the pages. */
    public Long keyTeamId() {
        return keyTeamId;
    }

    /** Whether this request came with a read-only API key. */
    public boolean readOnlyKey() {
        return readOnlyKey;
    }
}
