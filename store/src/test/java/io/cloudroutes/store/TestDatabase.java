package io.cloudroutes.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test's PostgreSQL set up as a deployment's: the owner and application roles made by
 * infra/postgres/cloudroutes-roles.sql, Flyway migrating as the owner, the application connecting as its own role.
 */
public final class TestDatabase {

    public static final DatabaseRoles.Login OWNER =
            new DatabaseRoles.Login("cloudroutes_owner", "owner-password-0123456789");
    public static final DatabaseRoles.Login APP = new DatabaseRoles.Login("cloudroutes_app", "app-password-0123456789");

    private TestDatabase() {}

    /** The JDBC URL of the server's CloudRoutes database (without a user in it, which would override the login). */
    public static String url(TestPostgres postgres) {
        return url(postgres, "postgres");
    }

    /** The JDBC URL of another database on the server. */
    public static String url(TestPostgres postgres, String database) {
        return postgres.jdbcUrl(database);
    }

    /** Makes the roles, and points the data source (as {@link #APP}) and Flyway (as {@link #OWNER}) at the server. */
    public static void useWithRoles(TestPostgres postgres, DynamicPropertyRegistry registry) {
        withRoles(postgres).forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Makes the roles, and answers the Spring properties that point the data source (as {@link #APP}) and Flyway (as
     * {@link #OWNER}) at the server, for an application started in this JVM or another.
     */
    public static Map<String, String> withRoles(TestPostgres postgres) {
        return withRoles(postgres, "postgres");
    }

    /**
     * The same for another database on the server, e.g. one of several that test classes sharing one server each
     * have to themselves.
     */
    public static Map<String, String> withRoles(TestPostgres postgres, String database) {
        try (Connection superuser = postgres.superuser(database).getConnection()) {
            DatabaseRoles.apply(superuser, OWNER, APP);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make the CloudRoutes roles: " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url(postgres, database));
        properties.put("spring.datasource.username", APP.username());
        properties.put("spring.datasource.password", APP.password());
        properties.put("spring.flyway.user", OWNER.username());
        properties.put("spring.flyway.password", OWNER.password());
        return properties;
    }
}
