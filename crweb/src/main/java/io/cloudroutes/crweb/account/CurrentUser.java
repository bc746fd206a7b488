package io.cloudroutes.crweb.account;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The signed-in person, with the account id every query is scoped by. */
public class CurrentUser extends User {

    private final long id;

    CurrentUser(long id, String email, String passwordHash) {
        super(email, passwordHash, List.<GrantedAuthority>of(new SimpleGrantedAuthority("ROLE_USER")));
        this.id = id;
    }

    public long id() {
        return id;
    }
}
