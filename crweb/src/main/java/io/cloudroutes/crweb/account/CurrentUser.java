package io.cloudroutes.crweb.account;

import io.cloudroutes.store.apikey.ApiKeyScope;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The signed-in person, with the account id every query is scoped by. */
public class CurrentUser extends User {

    /** What a request needs to change anything through the REST API: held by read-write API keys only. */
    static final String API_WRITE = "API_WRITE";

    private final long id;

    /** A person logged in through the log-in form. */
    CurrentUser(long id, String email, String passwordHash) {
        this(id, email, passwordHash, List.of());
    }

    /** A person logged in through single sign-on ({@code sso/}): no password. */
    protected CurrentUser(long id, String email) {
        this(id, email, "", List.of());
    }

    private CurrentUser(long id, String email, String passwordHash, List<GrantedAuthority> more) {
        super(email, passwordHash, authorities(more));
        this.id = id;
    }

    /** A program calling the API with a key of {@code scope}; it acts as the key's owner. */
    static CurrentUser withKey(long id, String email, ApiKeyScope scope) {
        return new CurrentUser(
                id,
                email,
                "",
                scope == ApiKeyScope.READ_WRITE ? List.of(new SimpleGrantedAuthority(API_WRITE)) : List.of());
    }

    private static List<GrantedAuthority> authorities(List<GrantedAuthority> more) {
        List<GrantedAuthority> all = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
        all.addAll(more);
        return all;
    }

    public long id() {
        return id;
    }
}
