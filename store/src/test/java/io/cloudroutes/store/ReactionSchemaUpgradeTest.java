package io.cloudroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.Team;
import io.cloudroutes.store.team.TeamMember;
import io.cloudroutes.store.team.TeamMemberRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.cloudroutes.store.team.TeamRole;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A database written before reactions could run on both changes, before logged emails had their own outcome and
 * before email subjects were Mustache templates, and before teams owned what accounts had, upgraded the way a process
 * upgrades it at start.
 */
class ReactionSchemaUpgradeTest {

    @SpringBootApplication
    @Import(StoreConfiguration.class)
    static class App {}

    static TestPostgres postgres;
    static ConfigurableApplicationContext store;
    static long formerDefault;
    static long ownSubject;
    static long monitorId;

    @BeforeAll
    static void aDatabaseAtVersion6UpgradedByAStartingProcess() throws IOException, SQLException {
        postgres = TestPostgres.start();
        Flyway.configure()
                .dataSource(postgres.superuser("postgres"))
                .target("6")
                .load()
                .migrate();
        try (Connection db = postgres.superuser("postgres").getConnection();
                Statement sql = db.createStatement()) {
            sql.execute("insert into users (email, password_hash) values ('ops@example.com', 'x')");
            formerDefault = insertEmail(
                    db,
                    Map.of(
                            "to",
                            "ops@example.com",
                            "subject",
                            "[CloudRoutes] {monitor} is {status}",
                            "textTemplate",
                            "{{monitorName}} is {{to}} (was {{from}}).\r\n\r\nReason: {{reason}}\r\n"
                                    + "Zone:   {{zone}}\r\nTime:   {{at}}\r\n\r\n{{monitorUrl}}\r\n",
                            "htmlTemplate",
                            "<p>{{monitorName}}</p>"));
            ownSubject = insertEmail(
                    db,
                    Map.of(
                            "to",
                            "ops@example.com",
                            "subject",
                            "PAGE: {monitor} went {status} ({reason})",
                            "textTemplate",
                            "{{reason}}"));
            sql.execute("insert into monitors (owner_id, name, check_type, interval_seconds, timeout_seconds) "
                    + "select id, 'api', 'tcp', 60, 5 from users");
            try (ResultSet id = sql.executeQuery("select id from monitors")) {
                id.next();
                monitorId = id.getLong(1);
            }
            sql.execute("insert into reaction_runs (monitor_id, reaction_name, outcome, output, started_at, "
                    + "finished_at) values (" + monitorId + ", 'mail', 'SKIPPED', 'no SMTP server configured (set "
                    + "CLOUDROUTES_SMTP_HOST); message logged instead:\nto ops@example.com', now(), now()), ("
                    + monitorId + ", 'mail', 'SKIPPED', 'ran less than 3600 s ago (frequency 3600 s)', now(), now())");
        }
        store = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=" + postgres.jdbcUrl("postgres"),
                        "spring.datasource.username="
                                + postgres.superuserLogin().username(),
                        "spring.datasource.password="
                                + postgres.superuserLogin().password(),
                        "spring.jpa.hibernate.ddl-auto=validate")
                .run();
    }

    private static long insertEmail(Connection db, Map<String, String> settings) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("insert into reactions (owner_id, name, reaction_type, "
                + "settings, call_on) select id, 'mail', 'email', ?, 'FAILED' from users returning id")) {
            insert.setString(1, MessageCodec.mapToJson(settings));
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        store.close();
        postgres.close();
    }

    private static Map<String, String> settings(long reactionId) {
        return store.getBean(ReactionConfigRepository.class)
                .findById(reactionId)
                .orElseThrow()
                .getSettings();
    }

    @Test
    void aSavedSubjectWithTheFormerPlaceholdersBecomesTheMustacheTemplateThatSaysTheSame() {
        assertThat(settings(ownSubject))
                .containsEntry("subject", "PAGE: {{monitorName}} went {{to}} ({{reason}})")
                .containsEntry("textTemplate", "{{reason}}");
    }

    @Test
    void subjectsAndBodiesStillAtTheFormerDefaultsBecomeTodaysWhichSayRecovered() {
        assertThat(settings(formerDefault).get("subject"))
                .contains("{{monitorName}}")
                .contains("{{#isHealthy}}recovered{{/isHealthy}}");
        assertThat(settings(formerDefault).get("textTemplate")).contains("recovered: it is HEALTHY again");
        assertThat(settings(formerDefault)).containsEntry("htmlTemplate", "<p>{{monitorName}}</p>");
    }

    @Test
    void emailsRecordedAsSkippedBecauseTheyWereOnlyLoggedAreLoggedAndFrequencySkipsStaySkipped() {
        assertThat(store.getBean(ReactionRunRepository.class).findAll())
                .filteredOn(run -> run.getReactionId() == null)
                .extracting(ReactionRun::getOutput, ReactionRun::getOutcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "no SMTP server configured (set CLOUDROUTES_SMTP_HOST); "
                                        + "message logged instead:\nto ops@example.com",
                                ReactionOutcome.LOGGED),
                        org.assertj.core.groups.Tuple.tuple(
                                "ran less than 3600 s ago (frequency 3600 s)", ReactionOutcome.SKIPPED));
    }

    @Test
    void theAccountGotAPersonalTeamThatOwnsWhatItHadAndItIsItsOnCallOwner() {
        ReactionConfigRepository reactions = store.getBean(ReactionConfigRepository.class);
        ReactionConfig existing = reactions.findById(ownSubject).orElseThrow();
        Team personal = store.getBean(TeamRepository.class)
                .findPersonalTeamOf(existing.getOwnerId())
                .orElseThrow();
        assertThat(existing.getTeamId()).isEqualTo(personal.getId());
        assertThat(reactions.findById(formerDefault).orElseThrow().getTeamId()).isEqualTo(personal.getId());
        TeamMember membership = store.getBean(TeamMemberRepository.class)
                .findByTeamIdAndUserId(personal.getId(), existing.getOwnerId())
                .orElseThrow();
        assertThat(membership.getRole()).isEqualTo(TeamRole.OWNER);
        assertThat(membership.isOnCall()).isTrue();
        assertThat(personal.getName()).isEqualTo("Personal");
    }

    @Test
    void aReactionOnBothChangesAndALoggedRunCanBeStored() {
        ReactionConfigRepository reactions = store.getBean(ReactionConfigRepository.class);
        ReactionConfig existing = reactions.findById(ownSubject).orElseThrow();
        ReactionConfig both =
                new ReactionConfig(existing.getTeamId(), existing.getOwnerId(), "tell ops both ways", "email");
        both.setCallOn(CallOn.BOTH);
        assertThat(reactions.saveAndFlush(both).getCallOn()).isEqualTo(CallOn.BOTH);
        ReactionRun logged = store.getBean(ReactionRunRepository.class)
                .saveAndFlush(new ReactionRun(
                        monitorId,
                        both.getId(),
                        both.getName(),
                        null,
                        ReactionOutcome.LOGGED,
                        "written to the log",
                        Instant.now(),
                        Instant.now()));
        assertThat(logged.getId()).isNotNull();
    }
}
