package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.store.TestPostgresChoice.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestPostgresChoiceTest {

    @Test
    void aRunWithoutASettingUsesTheContainerWhereADockerEngineAnswersAndTheEmbeddedServerElsewhere() {
        assertThat(TestPostgresChoice.choose(null, () -> true).kind()).isEqualTo(Kind.CONTAINER);
        assertThat(TestPostgresChoice.choose(" ", () -> false).kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(TestPostgresChoice.choose("AUTO", () -> false))
                .hasToString("the embedded PostgreSQL 17 (no Docker engine answers)");
        assertThat(TestPostgresChoice.choose("auto", () -> true))
                .hasToString("PostgreSQL postgres:17 through Testcontainers (a Docker engine answers)");
    }

    @Test
    void embeddedIsTakenWithoutAskingForAnEngine() {
        AtomicInteger asked = new AtomicInteger();
        TestPostgresChoice choice = TestPostgresChoice.choose("embedded", () -> asked.incrementAndGet() > 0);
        assertThat(choice.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aContainerAskedForWithoutAnEngineFailsInsteadOfFallingBack() {
        assertThat(TestPostgresChoice.choose("container", () -> true).kind()).isEqualTo(Kind.CONTAINER);
        assertThatThrownBy(() -> TestPostgresChoice.choose("container", () -> false))
                .hasMessageContaining("cloudroutes.test.postgres=container")
                .hasMessageContaining("no Docker engine");
    }

    @Test
    void anUnknownModeIsRefusedNamingTheSettingAndItsValues() {
        assertThatThrownBy(() -> TestPostgresChoice.choose("docker", () -> true))
                .hasMessage("cloudroutes.test.postgres (or CLOUDROUTES_TEST_POSTGRES) is 'docker'; use auto, embedded"
                        + " or container");
    }

    @Test
    void theServerOfThisRunAnswersAsTheChoiceSays() throws Exception {
        TestPostgresChoice choice = TestPostgresChoice.forThisRun();
        try (TestPostgres postgres = choice.start();
                var connection = postgres.superuser("postgres").getConnection();
                var rows = connection.createStatement().executeQuery("show server_version_num")) {
            rows.next();
            assertThat(rows.getInt(1) / 10_000).isEqualTo(17);
            assertThat(postgres.description())
                    .startsWith(choice.kind() == Kind.CONTAINER ? "Testcontainers postgres:17" : "embedded PostgreSQL");
        }
    }
}
