package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = StoreSchemaTest.App.class, properties = "spring.jpa.hibernate.ddl-auto=validate")
class StoreSchemaTest {

    @Autowired
    TeamRepository teamRepository;

    @SpringBootApplication
    @Import(StoreConfiguration.class)
    static class App {}

    static TestPostgres postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        postgres = TestPostgres.start();
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

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void savesAMonitorWithSettingsAndReactionsAndReadsItBackScopedToItsOwner() {
        UserAccount alice = users.save(new UserAccount("alice-" + System.nanoTime() + "@example.com", "x"));
        UserAccount bob = users.save(new UserAccount("bob-" + System.nanoTime() + "@example.com", "x"));
        ReactionConfig mail =
                new ReactionConfig(teamRepository.personalTeamIdOf(alice.getId()), alice.getId(), "mail ops", "email");
        mail.setSettings(Map.of("to", "ops@example.com"));
        mail.setCallOn(CallOn.FAILED);
        reactions.save(mail);
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(alice.getId()), alice.getId(), "api", "http");
        monitor.setSettings(Map.of("url", "http://example.com"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor.setReactions(Set.of(mail));
        monitor.setTags(List.of("prod", "eu-west"));
        monitors.save(monitor);

        Monitor loaded = monitors.findWithReactions(monitor.getId()).orElseThrow();
        assertThat(loaded.getSettings()).containsEntry("url", "http://example.com");
        assertThat(loaded.getTags()).containsExactly("prod", "eu-west");
        assertThat(loaded.getReactions()).extracting(ReactionConfig::getName).containsExactly("mail ops");
        assertThat(monitors.findByIdAndTeamId(monitor.getId(), teamRepository.personalTeamIdOf(bob.getId())))
                .isEmpty();
    }

    @Test
    void emailIsUniqueRegardlessOfCase() {
        users.save(new UserAccount("Carol@Example.com", "x"));
        assertThat(users.existsByEmail("carol@example.COM")).isTrue();
        assertThatThrownBy(() -> users.saveAndFlush(new UserAccount("carol@example.com", "y")))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void outboxIsReadOldestFirstUnderALock() {
        outbox.deleteAll();
        outbox.save(OutboxEntry.upsert(1L));
        outbox.save(OutboxEntry.delete(2L));
        var batch = transactions.execute(status -> outbox.lockOldest(Limit.of(10)));
        assertThat(batch).extracting(OutboxEntry::getMonitorId).containsExactly(1L, 2L);
        assertThat(batch)
                .extracting(OutboxEntry::getOperation)
                .containsExactly(OutboxEntry.Operation.UPSERT, OutboxEntry.Operation.DELETE);
    }
}
