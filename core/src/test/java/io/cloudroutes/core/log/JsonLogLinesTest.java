package io.cloudroutes.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLOUDROUTES_LOG_FORMAT=json, as a process is started with it: every line it logs is one JSON object carrying the
 * ids of what it is about. Each case runs a JVM of its own, since logback reads the setting once, at start.
 */
class JsonLogLinesTest {

    /** The process the tests start: logs one line about monitor 42 and reaction 7. */
    public static void main(String[] args) {
        try (LogContext.Scope ignored = LogContext.reaction(42, 7, null)) {
            LoggerFactory.getLogger("io.cloudroutes.crbridge.actioner.Example")
                    .info("reaction ran outcome={}", "EXECUTED");
        }
        LoggerFactory.getLogger("io.cloudroutes.crbridge.actioner.Example").warn("a line about nothing in particular");
    }

    private static List<String> linesLoggedWith(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                JsonLogLinesTest.class.getName());
        builder.environment().remove(LogFormat.VARIABLE);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void jsonLinesCarryTheIdsOfWhatTheyAreAbout() throws Exception {
        List<String> lines = linesLoggedWith(Map.of(LogFormat.VARIABLE, "json"));
        JsonMapper json = JsonMapper.builder().build();
        assertThat(lines).hasSize(2);
        JsonNode about = json.readTree(lines.get(0));
        assertThat(about.get("message").asString()).isEqualTo("reaction ran outcome=EXECUTED");
        assertThat(about.get("monitor").asString()).isEqualTo("42");
        assertThat(about.get("reaction").asString()).isEqualTo("7");
        assertThat(about.get("log.level").asString()).isEqualTo("INFO");
        assertThat(about.get("log.logger").asString()).isEqualTo("io.cloudroutes.crbridge.actioner.Example");
        assertThat(about.get("@timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode after = json.readTree(lines.get(1));
        assertThat(after.get("log.level").asString()).isEqualTo("WARN");
        assertThat(after.has("monitor"))
                .as("the scope ended with the work it was about")
                .isFalse();
    }

    @Test
    void withoutTheSettingLinesStayReadableText() throws Exception {
        List<String> lines = linesLoggedWith(Map.of());
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).doesNotStartWith("{"));
        assertThat(lines.getFirst()).contains("INFO", "reaction ran outcome=EXECUTED");
    }

    @Test
    void anUnknownFormatSaysSoAndStillLogs() throws Exception {
        assertThat(linesLoggedWith(Map.of(LogFormat.VARIABLE, "yaml")))
                .anySatisfy(line -> assertThat(line).contains("CLOUDROUTES_LOG_FORMAT=yaml is not a log format"))
                .anySatisfy(line -> assertThat(line).contains("reaction ran outcome=EXECUTED"));
    }
}
