package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database that older versions migrated as the superuser: the roles script passes its tables to the owner, and the
 * application role, granted by the next migration run, finds every row where it was.
 */
class SuperuserSchemaUpgradeTest {

    @Test
    void aSchemaMigratedByTheSuperuserPassesToTheOwnerWithItsRows() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            String url = TestDatabase.url(postgres);
            Flyway.configure()
                    .dataSource(postgres.superuser("postgres"))
                    .javaMigrations(new V8__Mustache_email_subjects())
                    .load()
                    .migrate();
            try (Connection superuser = postgres.superuser("postgres").getConnection();
                    Statement sql = superuser.createStatement()) {
                sql.execute("insert into users (email, password_hash) values ('ops@example.com', 'x')");
                DatabaseRoles.apply(superuser, TestDatabase.OWNER, TestDatabase.APP);
                try (ResultSet owners =
                        sql.executeQuery("select distinct tableowner from pg_tables where schemaname = 'public'")) {
                    owners.next();
                    assertThat(owners.getString(1)).isEqualTo("cloudroutes_owner");
                    assertThat(owners.next()).isFalse();
                }
            }
            // the next start migrates as the owner, with nothing pending, and grants the application role
            Flyway.configure()
                    .dataSource(url, "cloudroutes_owner", TestDatabase.OWNER.password())
                    .javaMigrations(new V8__Mustache_email_subjects())
                    .load()
                    .migrate();
            try (Connection app = DriverManager.getConnection(url, "cloudroutes_app", TestDatabase.APP.password());
                    Statement sql = app.createStatement();
                    ResultSet email = sql.executeQuery("select email from users")) {
                email.next();
                assertThat(email.getString(1)).isEqualTo("ops@example.com");
                sql.execute("insert into users (email, password_hash) values ('dev@example.com', 'y')");
                // check history's partitions, made through the function that passed to the owner with the tables
                sql.execute("select check_results_add_partitions(date '2030-01-01', 1)");
            }
            try (Connection superuser = postgres.superuser("postgres").getConnection();
                    Statement sql = superuser.createStatement();
                    ResultSet owner = sql.executeQuery(
                            "select tableowner from pg_tables where tablename = 'check_results_20300101'")) {
                owner.next();
                assertThat(owner.getString(1)).isEqualTo("cloudroutes_owner");
            }
        }
    }
}
