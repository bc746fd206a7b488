package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The schema migrated by the owner role, used by the application role as crweb and crbridge use it: rows are read
 * and written, while DDL, TRUNCATE, COPY to a program and Flyway's history are refused.
 */
@SpringBootTest(classes = ApplicationRoleTest.App.class, properties = "spring.jpa.hibernate.ddl-auto=validate")
class ApplicationRoleTest {

    @Autowired
    TeamRepository teamRepository;

    @SpringBootApplication
    @Import(StoreConfiguration.class)
    static class App {}

    static final DatabaseRoles.Login APP = TestDatabase.APP;

    static TestPostgres postgres;
    static String url;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        postgres = TestPostgres.start();
        url = TestDatabase.url(postgres);
        TestDatabase.useWithRoles(postgres, registry);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    private static void asApplication(String sql) throws SQLException {
        try (Connection app = DriverManager.getConnection(url, APP.username(), APP.password());
                Statement statement = app.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void theApplicationReadsAndWritesRows() {
        UserAccount owner = users.save(new UserAccount("roles-" + System.nanoTime() + "@example.com", "x"));
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "api", "tcp");
        monitor.setSettings(Map.of("host", "db", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitors.save(monitor);
        assertThat(monitors.findByIdAndTeamId(monitor.getId(), teamRepository.personalTeamIdOf(owner.getId())))
                .isPresent();
        monitors.delete(monitor);
    }

    @Test
    void theApplicationCannotChangeTheSchema() {
        assertThatThrownBy(() -> asApplication("CREATE TABLE stolen (line text)"))
                .hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> asApplication("DROP TABLE monitors"))
                .hasMessageContaining("must be owner of table monitors");
        assertThatThrownBy(() -> asApplication("ALTER TABLE users ADD COLUMN admin boolean"))
                .hasMessageContaining("must be owner of table users");
        assertThatThrownBy(() -> asApplication("TRUNCATE monitors"))
                .hasMessageContaining("permission denied for table monitors");
        assertThatThrownBy(() -> asApplication("CREATE SCHEMA elsewhere"))
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void theApplicationCannotRunProgramsOrReadFilesOnTheServer() {
        assertThatThrownBy(() -> asApplication("COPY (SELECT 1) TO PROGRAM 'id'"))
                .hasMessageContaining("pg_execute_server_program");
        assertThatThrownBy(() -> asApplication("COPY users FROM '/etc/passwd'"))
                .hasMessageContaining("pg_read_server_files");
        assertThatThrownBy(() -> asApplication("SELECT pg_read_file('postgresql.conf')"))
                .hasMessageContaining("permission denied for function pg_read_file");
    }

    @Test
    void flywaysHistoryIsTheOwnersAlone() {
        assertThatThrownBy(() -> asApplication("DELETE FROM flyway_schema_history"))
                .hasMessageContaining("permission denied for table flyway_schema_history");
    }

    @Test
    void neitherRoleIsASuperuser() throws SQLException {
        try (Connection superuser = postgres.superuser("postgres").getConnection();
                Statement statement = superuser.createStatement();
                var roles = statement.executeQuery(
                        "SELECT rolname FROM pg_roles WHERE rolname IN ('cloudroutes_owner', "
                                + "'cloudroutes_app') AND NOT rolsuper AND NOT rolcreaterole AND NOT rolcreatedb AND NOT rolbypassrls")) {
            int count = 0;
            while (roles.next()) {
                count++;
            }
            assertThat(count).isEqualTo(2);
        }
    }
}
