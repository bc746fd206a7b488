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
    // the API key the request came with; null for a person signed in to the pages
    private final ApiKeyUsed key;

    /**
     * The API key a request came with.
     *
     * @param teamId   the team it was made in, which the request acts in
     * @param prefix   its first characters, as the API keys page shows them (never the key)
     * @param readOnly whether it only reads
     */
    public record ApiKeyUsed(long teamId, String prefix, boolean readOnly) implements java.io.Serializable {}

    /** A person logged in through the log-in form. */
    CurrentUser(long id, String email, String passwordHash) {
        this(id, email, passwordHash, List.of(), null);
    }

    /** A person logged in through single sign-on ({@code sso/}): no password. */
    protected CurrentUser(long id, String email) {
        this(id, email, "", List.of(), null);
    }

    private CurrentUser(long id, String email, String passwordHash, List<GrantedAuthority> more, ApiKeyUsed key) {
        super(email, passwordHash, authorities(more));
        this.id = id;
        this.key = key;
    }

    /** A program calling the API with a key of {@code scope} made in {@code teamId}; it acts as the key's member. */
    static CurrentUser withKey(long id, String email, long teamId, String prefix, ApiKeyScope scope) {
        boolean readWrite = scope == ApiKeyScope.READ_WRITE;
        return new CurrentUser(
                id,
                email,
                "",
                readWrite ? List.of(new SimpleGrantedAuthority(API_WRITE)) : List.of(),
                new ApiKeyUsed(teamId, prefix, !readWrite));
    }

    private static List<GrantedAuthority> authorities(List<GrantedAuthority> more) {
        List<GrantedAuthority> all = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
        all.addAll(more);
        return all;
    }

    public long id() {
        return id;
    }

    /** The API key this request came with; null for a person on the pages. */
    public ApiKeyUsed key() {
        return key;
    }
}
