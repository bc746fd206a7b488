package io.cloudroutes.crbridge.bridge;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code cloudroutes_bridge_outbox_lag_seconds}: how long the oldest saved change has waited to reach Redis, against
 * a real PostgreSQL and a running bridge.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class OutboxLagTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource database;

    @Autowired
    OutboxApplier applier;

    private double lag() {
        return meters.get("cloudroutes.bridge.outbox.lag").gauge().value();
    }

    @Test
    void aChangeThatCannotBeAppliedShowsItsAgeUntilItIsApplied() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> lag() == 0.0);
        // This bridge waits while the entry is written and locked: it would apply it (its monitor does not exist, so
        // it is only deleted) in the moment between the insert's commit and the lock.
        applier.stop();
        long id;
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into outbox (monitor_id, operation, "
                        + "created_at) values (424242, 'UPSERT', ?) returning id")) {
            insert.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(90)));
            var row = insert.executeQuery();
            row.next();
            id = row.getLong(1);
        }
        // another bridge holds the entry (it is applying it, or hung doing so): this one skips it
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select id from outbox where id = ? for update")) {
                lock.setLong(1, id);
                lock.executeQuery();
            }
            applier.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> lag() >= 90);
            holder.rollback();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> lag() == 0.0);
    }
}
