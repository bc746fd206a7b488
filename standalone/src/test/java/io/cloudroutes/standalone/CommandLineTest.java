package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.config.SettingNames;
import io.cloudroutes.core.secret.SecretBox;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void theStandalonesOwnSettingsAreNamedLikeTheirVariablesAndWinOverThem() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[] {
            "--cloudroutes.port=9000",
            "--cloudroutes.address=0.0.0.0",
            "--cloudroutes.data-dir=/var/lib/cr",
            "--cloudroutes.redis.url=redis://r:6379",
            "--CLOUDROUTES_ZONE=eu-west"
        });
        assertThat(parsed.settings())
                .containsEntry("CLOUDROUTES_PORT", "9000")
                .containsEntry("CLOUDROUTES_ADDRESS", "0.0.0.0")
                .containsEntry("CLOUDROUTES_DATA_DIR", "/var/lib/cr")
                .containsEntry("CLOUDROUTES_REDIS_URL", "redis://r:6379")
                .containsEntry("CLOUDROUTES_ZONE", "eu-west");
        assertThat(parsed.properties()).isEmpty();

        String key = SecretBox.newKey();
        Env env = Env.of(Map.of("CLOUDROUTES_PORT", "8081", "CLOUDROUTES_SECRET_KEY", key))
                .overriddenBy(parsed.settings());
        StandaloneConfig config = StandaloneConfig.fromEnv(env, parsed.properties());
        assertThat(config.webPort()).isEqualTo(9000);
        assertThat(config.address()).isEqualTo("0.0.0.0");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/cr"));
        assertThat(config.redisUrl()).isEqualTo("redis://r:6379");
        assertThat(config.secretKey()).isEqualTo(key);
    }

    @Test
    void everySpellingOfASettingIsThatSettingAndHelpShowsItsOneName() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[] {
            "--cloudroutes.redis-url=redis://r:6379",
            "--cloudroutes.database-url=jdbc:postgresql://db/cr",
            "--cloudroutes.egress-allow=10.0.0.0/8",
            "--cloudroutes.ops.port=0",
            "--cloudroutes.dataDir=/d"
        });
        assertThat(parsed.settings())
                .containsEntry("CLOUDROUTES_REDIS_URL", "redis://r:6379")
                .containsEntry("CLOUDROUTES_DATABASE_URL", "jdbc:postgresql://db/cr")
                .containsEntry("CLOUDROUTES_EGRESS_ALLOW", "10.0.0.0/8")
                .containsEntry("CLOUDROUTES_OPS_PORT", "0")
                .containsEntry("CLOUDROUTES_DATA_DIR", "/d");
        assertThat(CommandLine.usage())
                .contains(
                        "--cloudroutes.redis.url=",
                        "--cloudroutes.database.url=",
                        "--cloudroutes.egress.allow=",
                        "--cloudroutes.ops.port=",
                        "--cloudroutes.ops.address=")
                .doesNotContain("--cloudroutes.redis-url", "--cloudroutes.ops-port");
    }

    @Test
    void theStandalonesArgumentsHaveTheNamesCrwebAndCrbridgeGiveTheSameSettings() {
        Map<String, String> known = CommandLine.processProperties();
        CommandLine.SETTINGS
                .keySet()
                .forEach(variable -> known.values().stream()
                        .filter(property -> SettingNames.variable(property).equals(variable))
                        .forEach(property -> assertThat(CommandLine.argumentOf(variable))
                                .as(variable)
                                .isEqualTo(property)));
        // one of them at least, so that the check above is not empty
        assertThat(known.values()).contains(CommandLine.argumentOf("CLOUDROUTES_SECRET_KEY"), "cloudroutes.redis.url");
    }

    @Test
    void aRenamedPropertyIsReadUnderItsNewNameWithAWarning() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[] {"--cloudroutes.mail-from=alerts@example.com"});
        assertThat(parsed.properties()).containsExactly(Map.entry("cloudroutes.mail.from", "alerts@example.com"));
        assertThat(parsed.warnings())
                .containsExactly("--cloudroutes.mail-from is deprecated and read for now: name it "
                        + "--cloudroutes.mail.from (environment CLOUDROUTES_MAIL_FROM), the name every process reads");
        assertThat(CommandLine.parse(new String[] {"--cloudroutes.mail.from=alerts@example.com"})
                        .warnings())
                .isEmpty();
    }

    @Test
    void sharedSettingsAreCheckedBeforeAnythingStartsByTheRulesOfTheProcessesThatReadThem() {
        assertThatThrownBy(() -> StandaloneConfig.fromEnv(Env.of(Map.of("CLOUDROUTES_ZONE", "EU")), Map.of()))
                .hasMessageStartingWith("CLOUDROUTES_ZONE must be a zone name");
        assertThatThrownBy(
                        () -> StandaloneConfig.fromEnv(Env.of(Map.of("CLOUDROUTES_SECRET_KEY", "c2hvcnQ=")), Map.of()))
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY must be 32 bytes in base64");
        assertThatThrownBy(() -> StandaloneConfig.fromEnv(Env.of(Map.of("CLOUDROUTES_REDIS_URL", "r:6379")), Map.of()))
                .hasMessageStartingWith("CLOUDROUTES_REDIS_URL must be a Redis URL");
    }

    @Test
    void theUiListensOnLoopbackUnlessTold() {
        assertThat(StandaloneConfig.fromEnv(Env.of(Map.of()), Map.of()).address())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void otherArgumentsArePropertiesOfCrwebAndCrbridge() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[] {
            "--cloudroutes.smtp.host=mail.example.com",
            "--cloudroutes.public-url=https://cr.example.com",
            "--logging.level.io.cloudroutes=DEBUG",
            "--cloudroutes.monitors.min-interval-seconds=5"
        });
        assertThat(parsed.settings()).isEmpty();
        assertThat(parsed.properties())
                .containsExactly(
                        Map.entry("cloudroutes.smtp.host", "mail.example.com"),
                        Map.entry("cloudroutes.public-url", "https://cr.example.com"),
                        Map.entry("logging.level.io.cloudroutes", "DEBUG"),
                        Map.entry("cloudroutes.monitors.min-interval-seconds", "5"));
    }

    @Test
    void aMistypedCloudRoutesSettingIsAnErrorNotIgnored() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cloudroutes.prot=9000"}))
                .isInstanceOf(CommandLine.Invalid.class)
                .hasMessageContaining("unknown setting --cloudroutes.prot (did you mean --cloudroutes.port?)")
                .hasMessageContaining("--cloudroutes.public-url,")
                .hasMessageNotContaining("publicurl");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cloudroutes.smtp.hots=mail"}))
                .hasMessageContaining(
                        "unknown setting --cloudroutes.smtp.hots (did you mean --cloudroutes.smtp.host?)");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cloudroutes.nothing-like-it=1"}))
                .hasMessageContaining("unknown setting --cloudroutes.nothing-like-it: the standalone takes");
    }

    @Test
    void argumentsThatAreNotNameEqualsValueAreRefusedSayingWhatToType() {
        for (String bad : new String[] {"9000", "-p", "--port", "--=1", "cloudroutes.port=9000"}) {
            assertThatThrownBy(() -> CommandLine.parse(new String[] {bad}))
                    .as(bad)
                    .isInstanceOf(CommandLine.Invalid.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("--cloudroutes.port=9000");
        }
    }

    @Test
    void springsOwnNamesForWhatTheStandaloneSetsPointToItsSettings() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--server.port=9000"}))
                .hasMessage("--server.port is set by the standalone itself: use --cloudroutes.port=9000 instead");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--server.address=0.0.0.0"}))
                .hasMessageContaining("--cloudroutes.address=0.0.0.0");
    }

    @Test
    void helpListsEverySettingWithItsVariable() {
        assertThat(CommandLine.parse(new String[] {"--help"}).help()).isTrue();
        assertThat(CommandLine.usage())
                .contains(
                        "--cloudroutes.port=",
                        "CLOUDROUTES_PORT",
                        "--cloudroutes.address=",
                        "--cloudroutes.data-dir=",
                        "CLOUDROUTES_DATABASE_URL",
                        "--cloudroutes.secret-key=",
                        "--cloudroutes.redis.url=");
    }
}
