package io.cloudroutes.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes, or brings up to date, CloudRoutes' two PostgreSQL roles with infra/postgres/cloudroutes-roles.sql: the owner,
 * which Flyway migrates as, and the application role crweb and crbridge connect as, which may only read and write rows.
 * A schema that a superuser migrated (older versions did) passes to the owner.
 */
public final class DatabaseRoles {

    private static final String SCRIPT = load();

    private DatabaseRoles() {}

    /** A role's name and password; the password never shows in {@link #toString()}. */
    public record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    /** Runs the script on {@code administrator}, a connection as a superuser to CloudRoutes' database. */
    public static void apply(Connection administrator, Login owner, Login application) throws SQLException {
        try (PreparedStatement settings =
                administrator.prepareStatement("SELECT set_config('cloudroutes.owner', ?, false), "
                        + "set_config('cloudroutes.owner_password', ?, false), set_config('cloudroutes.app', ?, false), "
                        + "set_config('cloudroutes.app_password', ?, false)")) {
            settings.setString(1, owner.username());
            settings.setString(2, owner.password());
            settings.setString(3, application.username());
            settings.setString(4, application.password());
            settings.execute();
        }
        try (Statement script = administrator.createStatement()) {
            script.execute(SCRIPT);
        } finally {
            // the passwords stay in the session no longer than needed
            try (Statement forget = administrator.createStatement()) {
                forget.execute("SELECT set_config('cloudroutes.owner_password', '', false), "
                        + "set_config('cloudroutes.app_password', '', false)");
            }
        }
    }

    private static String load() {
        try (InputStream in = DatabaseRoles.class.getResourceAsStream("cloudroutes-roles.sql")) {
            if (in == null) {
                throw new IllegalStateException("cloudroutes-roles.sql is missing from the store module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
