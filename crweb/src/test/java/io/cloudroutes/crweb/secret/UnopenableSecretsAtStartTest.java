package io.cloudroutes.crweb.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import java.io.IOException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * crweb starts although the database holds sealed values it cannot open (sealed under another key, or copied from
 * another row): it names the row and setting in its log, never the value, and the page of the monitor or reaction
 * says what to do.
 */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class UnopenableSecretsAtStartTest {

    static TestInfrastructure infrastructure;
    static final String EMAIL = "keeper-" + UUID.randomUUID() + "@example.com";
    static final String MONITOR_ROW = UUID.randomUUID().toString();
    static final String REACTION_ROW = UUID.randomUUID().toString();
    static long owner;
    static long monitorId;
    static long editedMonitorId;
    static long reactionId;
    static String underAnotherKey;
    static String copiedFromAnotherRow;

    /** Rows written before crweb starts, as an earlier run (or someone with database access) left them. */
    @DynamicPropertySource
    static void rowsThatDoNotOpen(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
        // as a deployment does: migrated by the owner role, which owns the tables
        DriverManagerDataSource database = new DriverManagerDataSource(
                infrastructure.jdbcUrl(), TestDatabase.OWNER.username(), TestDatabase.OWNER.password());
        Flyway.configure()
                .dataSource(database)
                .javaMigrations(new V8__Mustache_email_subjects())
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        owner = jdbc.queryForObject(
                "insert into users (email, password_hash) values (?, 'x') returning id", Long.class, EMAIL);
        SecretBox box = SecretBox.fromBase64(TestInfrastructure.SECRET_KEY);
        underAnotherKey = SecretBox.fromBase64(SecretBox.newKey())
                .seal(SecretScope.monitor(owner, MONITOR_ROW), "password", "pg-password-under-another-key");
        monitorId = postgresMonitor(jdbc, MONITOR_ROW, underAnotherKey);
        String editedRow = UUID.randomUUID().toString();
        editedMonitorId = postgresMonitor(
                jdbc,
                editedRow,
                SecretBox.fromBase64(SecretBox.newKey()).seal(SecretScope.monitor(owner, editedRow), "password", "x"));
        copiedFromAnotherRow = box.seal(
                SecretScope.reaction(owner + 1, UUID.randomUUID().toString()),
                "webhookUrl",
                "https://hooks.slack.com/services/T0/B0/someone-elses");
        reactionId = jdbc.queryForObject(
                """
                with o as (select ?::bigint as id)
                insert into reactions (team_id, owner_id, name, reaction_type, settings, call_on, seal_id)
                select t.id, o.id, 'ops channel', 'slack', ?, 'FAILED', ?::uuid from o join teams t on t.personal_of = o.id
                returning id""", Long.class, owner, "{\"webhookUrl\":\"" + copiedFromAnotherRow + "\"}", REACTION_ROW);
    }

    /** A postgres monitor of the owner, row {@code sealId}, whose stored password is {@code password}. */
    private static long postgresMonitor(JdbcTemplate jdbc, String sealId, String password) {
        return jdbc.queryForObject(
                """
                with o as (select ?::bigint as id)
                insert into monitors (team_id, owner_id, name, check_type, settings, interval_seconds, timeout_seconds,
                    seal_id)
                select t.id, o.id, 'orders db', 'postgres', ?, 60, 5, ?::uuid from o join teams t on t.personal_of = o.id
                returning id""",
                Long.class,
                owner,
                "{\"host\":\"db.internal\",\"database\":\"orders\",\"user\":\"monitor\",\"password\":\"" + password
                        + "\"}",
                sealId);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    PlainSecretsSealer sealer;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void crwebStartsAndLogsTheRowAndSettingOfEachValueItCannotOpenButNeverTheValue(CapturedOutput output) {
        sealer.run(null); // crweb ran it at start too; again here, where its log is captured

        assertThat(output.getOut())
                .contains("kind=monitor id=" + monitorId + " owner=" + owner + " setting=password")
                .contains("kind=reaction id=" + reactionId + " owner=" + owner + " setting=webhookUrl")
                .doesNotContain(underAnotherKey)
                .doesNotContain(copiedFromAnotherRow)
                .doesNotContain("someone-elses")
                .doesNotContain("pg-password");
        assertThat(jdbc.queryForObject("select settings from monitors where id = ?", String.class, monitorId))
                .as("left as stored: nothing is lost")
                .contains(underAnotherKey);
    }

    @Test
    void theMonitorsEditPageSaysTheStoredValueMustBeEnteredAgainAndSavingWithoutItIsRefused() throws Exception {
        var person = user(accounts.loadUserByUsername(EMAIL));
        mvc.perform(get("/monitors/" + editedMonitorId + "/edit").with(person))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"unopenable-password\"")));
        mvc.perform(post("/monitors/" + editedMonitorId)
                        .with(csrf())
                        .with(person)
                        .param("name", "orders db renamed")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("settings[host]", "db.internal")
                        .param("settings[database]", "orders")
                        .param("settings[user]", "monitor"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Password: the stored value cannot be opened")));
        assertThat(monitors.findById(editedMonitorId).orElseThrow().getName()).isEqualTo("orders db");

        mvc.perform(post("/monitors/" + editedMonitorId)
                        .with(csrf())
                        .with(person)
                        .param("name", "orders db")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("settings[host]", "db.internal")
                        .param("settings[database]", "orders")
                        .param("settings[user]", "monitor")
                        .param("settings[password]", "entered-again"))
                .andExpect(status().is3xxRedirection());
        var saved = monitors.findById(editedMonitorId).orElseThrow();
        assertThat(SecretBox.fromBase64(TestInfrastructure.SECRET_KEY)
                        .open(
                                saved.secretScope(),
                                "password",
                                saved.getSettings().get("password")))
                .isEqualTo("entered-again");
    }

    @Test
    void aTestRunOfTheReactionFailsSayingWhyAndItsPageSaysSo() throws Exception {
        var person = user(accounts.loadUserByUsername(EMAIL));
        mvc.perform(get("/reactions/" + reactionId + "/edit").with(person))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"unopenable-webhookUrl\"")));
        MvcResult run = mvc.perform(post("/reactions/" + reactionId + "/test")
                        .with(csrf())
                        .with(person)
                        .param("mode", "dry"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("testRun"))
                .andReturn();
        Object testRun = run.getFlashMap().get("testRun");
        assertThat(testRun)
                .asString()
                .contains(ReactionOutcome.FAILED.name())
                .contains("the secret setting 'webhookUrl' of this reaction cannot be decrypted")
                .contains("copied from another reaction or account");
    }
}
