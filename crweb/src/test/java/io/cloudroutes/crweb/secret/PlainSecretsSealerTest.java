package io.cloudroutes.crweb.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
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

/** Secrets stored in plain text, or under a key being rotated out, are sealed under the current key at start. */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
class PlainSecretsSealerTest {

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

    @Autowired PlainSecretsSealer sealer;
    @Autowired SecretBox box;
    @Autowired UserAccountRepository users;
    @Autowired ReactionConfigRepository reactions;
    @Autowired JdbcTemplate jdbc;

    private long slackReaction(String webhookUrl) {
        UserAccount owner = users.save(new UserAccount("old-" + UUID.randomUUID() + "@example.com", "x"));
        ReactionConfig reaction = new ReactionConfig(owner.getId(), "slack", "slack");
        reaction.setSettings(Map.of("webhookUrl", webhookUrl));
        return reactions.save(reaction).getId();
    }

    private String row(long id) {
        return jdbc.queryForObject("select settings from reactions where id = ?", String.class, id);
    }

    @Test
    void aPlainSecretAndOneSealedUnderTheOldKeyAreBothSealedUnderTheNewKey() {
        long plain = slackReaction("https://hooks.slack.com/services/T0/B0/plainsecret");
        String underOld = SecretBox.fromBase64(OLD_KEY).seal("webhookUrl", "https://hooks.slack.com/services/T0/B0/old");
        long rotated = slackReaction(underOld);
        assertThat(row(plain)).contains("plainsecret");

        sealer.run(null);

        assertThat(row(plain)).doesNotContain("plainsecret").contains("enc:v1:");
        assertThat(row(rotated)).doesNotContain(underOld).contains("enc:v1:");
        SecretBox newKeyOnly = SecretBox.fromBase64(TestInfrastructure.SECRET_KEY);
        assertThat(newKeyOnly.open("webhookUrl", reactions.findById(rotated).orElseThrow().getSettings()
                .get("webhookUrl"))).isEqualTo("https://hooks.slack.com/services/T0/B0/old");
        assertThat(newKeyOnly.open("webhookUrl", reactions.findById(plain).orElseThrow().getSettings()
                .get("webhookUrl"))).isEqualTo("https://hooks.slack.com/services/T0/B0/plainsecret");
    }
}
