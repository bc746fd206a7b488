package io.cloudroutes.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reader sees of the settings: typed values, absent where none was given or its type refused it. */
class SettingValuesTest {

    private static SettingValues values(Map<String, String> values, Map<String, String> errors) {
        return new SettingValues(values, new LinkedHashMap<>(errors));
    }

    @Test
    void readsTheValuesAsTheirTypes() {
        SettingValues values = values(
                Map.of("port", "5432", "tls", "true", "lines", " a \n\n b\r\nc ", "list", " x, ,y ,", "name", "shop"),
                Map.of());

        assertThat(values.number("port")).isEqualTo(5432L);
        assertThat(values.integer("port", 0)).isEqualTo(5432);
        assertThat(values.bool("tls")).isTrue();
        assertThat(values.lines("lines")).containsExactly("a", "b", "c");
        assertThat(values.commaSeparated("list")).containsExactly("x", "y");
        assertThat(values.text("name")).isEqualTo("shop");
        assertThat(values.has("name")).isTrue();
    }

    @Test
    void aValueNotGivenReadsAsAbsent() {
        SettingValues values = values(Map.of(), Map.of());

        assertThat(values.text("name")).isNull();
        assertThat(values.text("name", "none")).isEqualTo("none");
        assertThat(values.has("name")).isFalse();
        assertThat(values.number("port")).isNull();
        assertThat(values.integer("port", 7)).isEqualTo(7);
        assertThat(values.bool("tls")).isFalse();
        assertThat(values.lines("lines")).isEmpty();
        assertThat(values.commaSeparated("list")).isEqualTo(List.of());
        assertThat(values.anyRejected()).isFalse();
    }

    @Test
    void aValueItsTypeRefusedReadsAsAbsent() {
        SettingValues values =
                values(Map.of("port", "many", "name", "shop"), Map.of("port", "Port must be a whole number"));

        assertThat(values.text("port")).isNull();
        assertThat(values.has("port")).isFalse();
        assertThat(values.integer("port", 5432)).isEqualTo(5432);
        assertThat(values.text("name")).isEqualTo("shop");
        assertThat(values.anyRejected()).isTrue();
    }

    @Test
    void aRejectedValueReadsAsAbsentFromThenOn() {
        SettingValues values = values(Map.of("name", "shop"), Map.of());

        values.reject("name", "Name is taken");

        assertThat(values.has("name")).isFalse();
        assertThat(values.anyRejected()).isTrue();
    }

    @Test
    void theFirstErrorOfASettingStays() {
        Map<String, String> errors = new LinkedHashMap<>(Map.of("port", "Port must be a whole number"));
        SettingValues values = new SettingValues(Map.of("port", "many", "name", "shop"), errors);

        values.reject("port", "Port must be odd");
        values.reject("name", "Name is taken");
        values.reject("name", "Name is too short");

        assertThat(errors)
                .containsExactly(Map.entry("port", "Port must be a whole number"), Map.entry("name", "Name is taken"));
    }
}
