package io.cloudroutes.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** {@code postgres:17} in a container of the Docker engine Testcontainers found, removed when the test is done. */
final class ContainerTestPostgres implements TestPostgres {

    static final String IMAGE = "postgres:17";
    private static final int POSTGRES_PORT = 5432;

    private final PostgreSQLContainer container;
    private final String password;

    private ContainerTestPostgres(PostgreSQLContainer container, String password) {
        this.container = container;
        this.password = password;
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerTestPostgres start() {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        // the superuser and database the embedded server has, so that a test cannot tell them apart
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername("postgres")
                .withPassword(password)
                .withDatabaseName("postgres");
        container.start();
        return new ContainerTestPostgres(container, password);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(POSTGRES_PORT);
    }

    @Override
    public DataSource superuser(String database) {
        return new DriverManagerDataSource(jdbcUrl(database), "postgres", password);
    }

    @Override
    public DatabaseRoles.Login superuserLogin() {
        return new DatabaseRoles.Login("postgres", password);
    }

    @Override
    public String description() {
        return "Testcontainers " + IMAGE + " on " + host() + ":" + port();
    }

    @Override
    public void close() {
        container.stop();
    }
}
