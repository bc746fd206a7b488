package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private final List<Setting> declared = List.of(
            Setting.of("url", "URL", SettingType.URL).asRequired(),
            Setting.of("port", "Port", SettingType.INTEGER).range(1, 65535).withDefault("80"),
            Setting.of("method", "Method", SettingType.CHOICE).options("GET", "HEAD"),
            Setting.of("to", "Recipients", SettingType.EMAIL));

    @Test
    void acceptsValidValues() {
        assertThat(Settings.validate(
                        declared,
                        Map.of("url", "https://example.com/x", "port", "443", "method", "GET", "to", "a@b.io, c@d.io")))
                .isEmpty();
    }

    @Test
    void namesEachBadField() {
        Map<String, String> errors = Settings.validate(
                declared, Map.of("url", "example.com", "port", "0", "method", "PUT", "to", "nobody", "colour", "red"));
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
        assertThat(Settings.withDefaults(declared, Map.of("url", " http://a ")))
                .containsEntry("url", "http://a")
                .containsEntry("port", "80");
    }

    @Test
    void aValuePastItsMaximumLengthIsRefusedNamingTheLimit() {
        List<Setting> limited = List.of(
                Setting.of("name", "Name", SettingType.TEXT),
                Setting.of("template", "Template", SettingType.TEXTAREA),
                Setting.of("code", "Code", SettingType.TEXT).maxLength(4));
        assertThat(Settings.validate(
                        limited, Map.of("name", "x".repeat(1_000), "template", "y".repeat(16_384), "code", "abcd")))
                .isEmpty();
        Map<String, String> errors = Settings.validate(
                limited, Map.of("name", "x".repeat(1_001), "template", "y".repeat(16_385), "code", "abcde"));
        assertThat(errors)
                .containsEntry("name", "Name is too long: at most 1000 characters, this one has 1001")
                .containsEntry("template", "Template is too long: at most 16384 characters, this one has 16385")
                .containsEntry("code", "Code is too long: at most 4 characters, this one has 5");
    }

    @Test
    void blankPaddingCountsTowardsTheLength() {
        Setting name = Setting.of("name", "Name", SettingType.TEXT);
        assertThat(Settings.validate(List.of(name), Map.of("name", " ".repeat(5_000))))
                .containsEntry("name", "Name is too long: at most 1000 characters, this one has 5000");
    }

    @Test
    void aLineBreakCountsAsOneCharacterAsInTheBrowser() {
        Setting lines = Setting.of("lines", "Lines", SettingType.TEXTAREA).maxLength(5);
        assertThat(Settings.validate(List.of(lines), Map.of("lines", "a\r\nb\r\nc")))
                .isEmpty();
        assertThat(Settings.validate(List.of(lines), Map.of("lines", "a\r\nb\r\ncd")))
                .containsKey("lines");
    }

    @Test
    void everyTypeHasADefaultLimit() {
        assertThat(Setting.of("u", "U", SettingType.URL).maxLength()).isEqualTo(2_048);
        assertThat(Setting.of("h", "H", SettingType.HEADERS).maxLength()).isEqualTo(8 * 1024);
        assertThat(Setting.of("t", "T", SettingType.TEXTAREA).maxLength()).isEqualTo(16 * 1024);
        assertThat(Setting.of("t", "T", SettingType.TEXT).maxLength()).isEqualTo(1_000);
        for (SettingType type : SettingType.values()) {
            assertThat(type.defaultMaxLength()).as(type.name()).isPositive();
        }
    }

    @Test
    void aValueInTheFormOfASealedSecretIsRefusedInEverySettingSecretOrNot() {
        List<Setting> both = List.of(
                Setting.of("note", "Note", SettingType.TEXT),
                Setting.of("password", "Password", SettingType.TEXT).asSecret(),
                Setting.of("key", "Key", SettingType.TEXTAREA).asSecret());
        Map<String, String> errors =
                Settings.validate(both, Map.of("note", "enc:v2:AAAA", "password", " enc:v1:QUJD", "key", "enc:v9:x"));
        assertThat(errors).containsOnlyKeys("note", "password", "key");
        assertThat(errors.get("password"))
                .isEqualTo("Password starts with 'enc:v1:', which marks a value "
                        + "CloudRoutes encrypted: type the plain value (it is encrypted when stored); an encrypted value "
                        + "cannot be copied from one setting or monitor to another");
        assertThat(Settings.validate(both, Map.of("note", "encrypted: enc:v2:", "password", "enc:not-sealed")))
                .isEmpty();
    }

    @Test
    void anUnknownSettingWithAHugeNameIsNamedShortly() {
        String huge = "k".repeat(10_000);
        assertThat(Settings.validate(declared, Map.of("url", "https://a.example", huge, "v"))
                        .get(huge))
                .startsWith("unknown setting '" + "k".repeat(60) + "…'")
                .hasSizeLessThan(200);
    }

    @Test
    void aValuePastTheLimitsIsNotHandedToTheTypesOwnRules() {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        PluginType type = new PluginType() {
            @Override
            public String id() {
                return "t";
            }

            @Override
            public String name() {
                return "T";
            }

            @Override
            public List<Setting> settings() {
                return List.of(
                        Setting.of("template", "Template", SettingType.TEXTAREA),
                        Setting.of("name", "Name", SettingType.TEXT).asRequired());
            }

            @Override
            public Map<String, String> validate(Map<String, String> values) {
                seen.set(values);
                Map<String, String> errors = new java.util.LinkedHashMap<>(Settings.validate(settings(), values));
                errors.put("template", "does not compile");
                return errors;
            }
        };
        Map<String, String> errors = Settings.check(type, Map.of("template", "{{".repeat(10_000), "name", "ok"));
        assertThat(seen.get()).containsOnlyKeys("name");
        assertThat(errors).containsOnlyKeys("template");
        assertThat(errors.get("template")).startsWith("Template is too long: at most 16384 characters");
    }
}
