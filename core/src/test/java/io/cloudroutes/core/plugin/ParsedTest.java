package io.cloudroutes.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Settings read once into a typed configuration: the declared types first, then the type's own reader. */
class ParsedTest {

    private static final List<Setting> DECLARED = List.of(
            Setting.of("host", "Host", SettingType.HOST).asRequired(),
            Setting.of("port", "Port", SettingType.INTEGER).range(1, 65535).withDefault("443"),
            Setting.of("mode", "Mode", SettingType.CHOICE)
                    .options("fast", "slow")
                    .withDefault("fast"),
            Setting.of("note", "Note", SettingType.TEXTAREA),
            Setting.of("tags", "Tags", SettingType.TEXT),
            Setting.of("verbose", "Verbose", SettingType.BOOLEAN));

    record Config(String host, int port, String mode, String note, List<String> tags, boolean verbose) {}

    /** The reader of a type whose tags need a slow mode. */
    private static Config config(SettingValues values) {
        if (values.has("tags") && !"slow".equals(values.text("mode"))) {
            values.reject("tags", "Tags need the slow mode");
        }
        return new Config(
                values.text("host"),
                values.integer("port", -1),
                values.text("mode"),
                values.text("note"),
                values.commaSeparated("tags"),
                values.bool("verbose"));
    }

    private static Parsed<Config> read(Map<String, String> values) {
        return Parsed.read(DECLARED, values, ParsedTest::config);
    }

    private static Map<String, String> values(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @Test
    void readsValidSettingsWithDefaultsFilledIn() {
        Parsed<Config> parsed = read(values("host", " db.example.com ", "note", " first\n second "));

        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.orThrow())
                .isEqualTo(new Config("db.example.com", 443, "fast", " first\n second ", List.of(), false));
    }

    @Test
    void aBlankValueTakesItsDefault() {
        assertThat(read(values("host", "db.example.com", "port", "  ", "mode", ""))
                        .orThrow())
                .extracting(Config::port, Config::mode)
                .containsExactly(443, "fast");
    }

    @Test
    void reportsTheErrorsInTheOrderFoundLimitsThenDeclaredTypesThenTheReader() {
        Parsed<Config> parsed =
                read(values("tags", "a,b", "port", "0", "colour", "red", "mode", "slowest", "verbose", "yes"));

        assertThat(parsed.errors())
                .containsExactly(
                        Map.entry("colour", "unknown setting 'colour'; allowed: host, port, mode, note, tags, verbose"),
                        Map.entry("host", "Host is required"),
                        Map.entry("port", "Port must be between 1 and 65535"),
                        Map.entry("mode", "Mode must be one of fast, slow"),
                        Map.entry("verbose", "Verbose must be true or false"),
                        Map.entry("tags", "Tags need the slow mode"));
        assertThat(parsed.valid()).isFalse();
    }

    @Test
    void theReaderRunsOnRefusedSettingsAndItsConfigurationIsDiscarded() {
        AtomicReference<Config> read = new AtomicReference<>();
        Parsed<Config> parsed =
                Parsed.read(DECLARED, values("host", "db.example.com", "port", "http", "tags", "a"), values -> {
                    read.set(config(values));
                    return read.get();
                });

        // the refused port reads as absent, not as its default, and the reader still reports the tags
        assertThat(read.get().port()).isEqualTo(-1);
        assertThat(parsed.errors())
                .containsExactly(
                        Map.entry("port", "Port must be a whole number"), Map.entry("tags", "Tags need the slow mode"));
        assertThat(parsed.config()).isNull();
    }

    @Test
    void aRejectionDoesNotReplaceTheDeclaredTypesError() {
        Parsed<Config> parsed = Parsed.read(DECLARED, values("host", "db.example.com", "port", "0"), values -> {
            values.reject("port", "Port must be odd");
            return config(values);
        });

        assertThat(parsed.errors()).containsExactly(Map.entry("port", "Port must be between 1 and 65535"));
    }

    @Test
    void orThrowRefusesSettingsThatDidNotPassNamingTheirErrors() {
        Parsed<Config> parsed = read(values("port", "443"));

        assertThatThrownBy(parsed::orThrow)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settings that did not pass validation: {host=Host is required}");
    }

    @Test
    void errorsCannotBeChangedAfterTheReading() {
        Parsed<Config> parsed = read(values());

        assertThatThrownBy(() -> parsed.errors().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(parsed.errors()).containsOnlyKeys("host");
    }

    @Test
    void aConfigurationWithErrorsIsDropped() {
        Parsed<String> parsed = new Parsed<>("built anyway", Map.of("host", "Host is required"));

        assertThat(parsed.config()).isNull();
        assertThat(new Parsed<>("built", Map.of()).orThrow()).isEqualTo("built");
    }
}
