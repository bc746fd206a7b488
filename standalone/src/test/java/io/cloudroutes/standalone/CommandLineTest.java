package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
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

        Env env = Env.of(Map.of("CLOUDROUTES_PORT", "8081", "CLOUDROUTES_SECRET_KEY", "from-env"))
                .overriddenBy(parsed.settings());
        StandaloneConfig config = StandaloneConfig.fromEnv(env, parsed.properties());
        assertThat(config.webPort()).isEqualTo(9000);
        assertThat(config.address()).isEqualTo("0.0.0.0");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/cr"));
        assertThat(config.redisUrl()).isEqualTo("redis://r:6379");
        assertThat(config.secretKey()).isEqualTo("from-env");
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
                        "--cloudroutes.secret-key=");
    }
}
