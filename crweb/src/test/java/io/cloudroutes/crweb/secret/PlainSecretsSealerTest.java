package io.cloudroutes.crweb.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Secrets stored in plain text, under a key being rotated out, or sealed before values were bound to their row, are
 * sealed under the current key and bound to their row at start.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
class PlainSecretsSealerTest {

    @Autowired
    TeamRepository teamRepository;

    static final String OLD_KEY = SecretBox.newKey();
    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
        // rotating: the new key first, the old one still opens
        registry.add("cloudroutes.secret-key", () -> TestInfrastructure.SECRET_KEY + "," + OLD_KEY);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    PlainSecretsSealer sealer;

    @Autowired
    UserAccountRepository users;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    JdbcTemplate jdbc;

    private final SecretBox newKeyOnly = SecretBox.fromBase64(TestInfrastructure.SECRET_KEY);

    private long owner() {
        return users.save(new UserAccount("old-" + UUID.randomUUID() + "@example.com", "x"))
                .getId();
    }

    private ReactionConfig slackReaction(long owner, String webhookUrl) {
        ReactionConfig reaction = new ReactionConfig(teamRepository.personalTeamIdOf(owner), owner, "slack", "slack");
        reaction.setSettings(Map.of("webhookUrl", webhookUrl));
        return reactions.save(reaction);
    }

    private String row(long id) {
        return jdbc.queryForObject("select settings from reactions where id = ?", String.class, id);
    }

    private String stored(long reactionId) {
        return reactions.findById(reactionId).orElseThrow().getSettings().get("webhookUrl");
    }

    @Test
    void aPlainSecretAndOneSealedUnderTheOldKeyAreBothSealedUnderTheNewKey() {
        long owner = owner();
        ReactionConfig plain = slackReaction(owner, "https://hooks.slack.com/services/T0/B0/plainsecret");
        ReactionConfig rotated = slackReaction(owner, "placeholder");
        String underOld = SecretBox.fromBase64(OLD_KEY)
                .seal(rotated.secretScope(), "webhookUrl", "https://hooks.slack.com/services/T0/B0/old");
        rotated.setSettings(Map.of("webhookUrl", underOld));
        reactions.save(rotated);
        assertThat(row(plain.getId())).contains("plainsecret");

        sealer.run(null);

        assertThat(row(plain.getId())).doesNotContain("plainsecret").contains("enc:v2:");
        assertThat(row(rotated.getId())).doesNotContain(underOld).contains("enc:v2:");
        assertThat(newKeyOnly.open(rotated.secretScope(), "webhookUrl", stored(rotated.getId())))
                .isEqualTo("https://hooks.slack.com/services/T0/B0/old");
        assertThat(newKeyOnly.open(plain.secretScope(), "webhookUrl", stored(plain.getId())))
                .isEqualTo("https://hooks.slack.com/services/T0/B0/plainsecret");
    }

    @Test
    void aValueSealedBeforeValuesWereBoundToTheirRowIsBoundToItsRowAndRedisIsToldOfTheMonitor() {
        long owner = owner();
        ReactionConfig reaction = slackReaction(
                owner,
                LegacySeal.seal(
                        TestInfrastructure.SECRET_KEY, "webhookUrl", "https://hooks.slack.com/services/T0/B0/legacy"));
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(owner), owner, "db", "postgres");
        monitor.setSettings(Map.of(
                "host",
                "db.internal",
                "user",
                "monitor",
                "database",
                "orders",
                "password",
                LegacySeal.seal(TestInfrastructure.SECRET_KEY, "password", "pg-legacy")));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor = monitors.save(monitor);
        long outboxBefore = outbox.count();

        sealer.run(null);

        String bound = stored(reaction.getId());
        assertThat(bound).startsWith("enc:v2:");
        assertThat(newKeyOnly.open(reaction.secretScope(), "webhookUrl", bound))
                .isEqualTo("https://hooks.slack.com/services/T0/B0/legacy");
        ReactionConfig another = slackReaction(owner, "placeholder");
        assertThatThrownBy(() -> newKeyOnly.open(another.secretScope(), "webhookUrl", bound))
                .as("bound now: it does not open in another row")
                .isInstanceOf(SecretBox.SecretException.class);
        Monitor resealed = monitors.findWithReactions(monitor.getId()).orElseThrow();
        assertThat(newKeyOnly.open(
                        resealed.secretScope(),
                        "password",
                        resealed.getSettings().get("password")))
                .isEqualTo("pg-legacy");
        assertThat(resealed.toDefinition().secretScope())
                .as("what the bridge writes to Redis for workers")
                .isEqualTo(SecretScope.monitor(owner, resealed.secretScope().rowId()));
        assertThat(outbox.count()).as("the monitor's Redis copy is rewritten").isGreaterThan(outboxBefore);
    }

    @Test
    void headersStoredInPlainTextBeforeTheyBecameSecretAreSealedAtStart() {
        long owner = owner();
        ReactionConfig hook = new ReactionConfig(teamRepository.personalTeamIdOf(owner), owner, "hook", "webhook");
        hook.setSettings(Map.of("url", "https://hooks.example.com/in", "headers", "Authorization: Bearer plain-hdr"));
        hook = reactions.save(hook);
        Monitor shop = new Monitor(teamRepository.personalTeamIdOf(owner), owner, "shop", "http");
        shop.setSettings(Map.of("url", "https://shop.example.com/", "headers", "X-Token: plain-check-hdr"));
        shop.setIntervalSeconds(60);
        shop.setTimeoutSeconds(5);
        shop = monitors.save(shop);

        sealer.run(null);

        assertThat(row(hook.getId())).doesNotContain("plain-hdr").contains("\"headers\":\"enc:v2:");
        assertThat(jdbc.queryForObject("select settings from monitors where id = ?", String.class, shop.getId()))
                .doesNotContain("plain-check-hdr")
                .contains("\"headers\":\"enc:v2:");
        Monitor sealed = monitors.findById(shop.getId()).orElseThrow();
        assertThat(newKeyOnly.open(
                        sealed.secretScope(), "headers", sealed.getSettings().get("headers")))
                .isEqualTo("X-Token: plain-check-hdr");
    }
}
