package io.cloudroutes.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a polled type that reads no configuration of its own gets from {@link PolledCheckType}'s defaults. */
class PolledCheckTypeTest {

    /** A plugin as an author outside CloudRoutes writes one: its rule added to the declared types' errors. */
    private static final class FileType implements PolledCheckType {

        @Override
        public String id() {
            return "file";
        }

        @Override
        public String name() {
            return "File";
        }

        @Override
        public List<Setting> settings() {
            return List.of(
                    Setting.of("path", "Path", SettingType.TEXT).asRequired(),
                    Setting.of("count", "Count", SettingType.INTEGER).withDefault("3"));
        }

        @Override
        public Map<String, String> validate(Map<String, String> values) {
            Map<String, String> errors = PolledCheckType.super.validate(values);
            String path = values.get("path");
            if (path != null && !path.startsWith("/")) {
                errors.put("path", "Path must be absolute");
            }
            return errors;
        }

        @Override
        public Check create(Map<String, String> settings, CheckServices services) {
            return timeout -> CheckOutcome.healthy("exists", 0);
        }
    }

    private final FileType type = new FileType();

    @Test
    void validatesTheDeclaredTypesAndLetsATypeAddItsOwnRules() {
        assertThat(type.validate(Map.of("path", "/var/run/ready"))).isEmpty();
        assertThat(type.validate(Map.of("path", "ready"))).containsOnlyKeys("path");
        assertThat(type.validate(Map.of("path", "/ready", "count", "three"))).containsOnlyKeys("count");
    }

    @Test
    void readsTheValuesWithDefaultsFilledIn() {
        assertThat(type.parse(Map.of("path", "/ready")).orThrow()).isEqualTo(Map.of("path", "/ready", "count", "3"));
        assertThat(type.parse(Map.of()).errors()).containsOnlyKeys("path");
    }
}
