package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private final List<Setting> declared = List.of(
            Setting.of("url", "URL", SettingType.URL).asRequired(),
            Setting.of("port", "Port", SettingType.INTEGER).range(1, 65535).withDefault("80"),
            Setting.of("method", "Method", SettingType.CHOICE).options("GET", "HEAD"),
            Setting.of("to", "Recipients", SettingType.EMAIL));

    @Test
    void acceptsValidValues() {
        assertThat(Settings.validate(declared, Map.of("url", "https://example.com/x", "port", "443",
                "method", "GET", "to", "a@b.io, c@d.io"))).isEmpty();
    }

    @Test
    void namesEachBadField() {
        Map<String, String> errors = Settings.validate(declared, Map.of("url", "example.com", "port", "0",
                "method", "PUT", "to", "nobody", "colour", "red"));
        assertThat(errors).containsOnlyKeys("url", "port", "method", "to", "colour");
        assertThat(errors.get("port")).isEqualTo("Port must be between 1 and 65535");
        assertThat(errors.get("url")).contains("absolute http:// or https:// URL");
        assertThat(errors.get("colour")).contains("unknown setting");
    }

    @Test
    void requiresRequiredValues() {
        assertThat(Settings.validate(declared, Map.of())).containsEntry("url", "URL is required");
    }

    @Test
    void fillsDefaults() {
        assertThat(Settings.withDefaults(declared, Map.of("url", " http://a "))).containsEntry("url", "http://a")
                .containsEntry("port", "80");
    }
}
