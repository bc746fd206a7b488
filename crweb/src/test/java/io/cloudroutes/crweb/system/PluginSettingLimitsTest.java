package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.reactions.ReactionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The limits every plugin declares hold for every check and reaction type, whatever calls its validation. */
class PluginSettingLimitsTest {

    private static List<PluginType> everyType() {
        List<PluginType> types = new ArrayList<>(CheckType.registry().all());
        types.addAll(ReactionType.registry().all());
        return types;
    }

    @Test
    void everyDefaultFitsItsOwnLimitAndIsNotInTheFormOfASealedSecret() {
        for (PluginType type : everyType()) {
            for (Setting setting : type.settings()) {
                assertThat(setting.options())
                        .as(type.id() + "." + setting.name() + " options")
                        .allSatisfy(option -> assertThat(option.length()).isLessThanOrEqualTo(setting.maxLength()));
                if (setting.defaultValue() != null) {
                    assertThat(setting.defaultValue().length())
                            .as(type.id() + "." + setting.name())
                            .isLessThanOrEqualTo(setting.maxLength());
                    assertThat(SecretBox.isSealed(setting.defaultValue())).isFalse();
                }
            }
            assertThat(type.validate(Settings.withDefaults(type.settings(), Map.of())))
                    .as("defaults alone never fail on their length or form: " + type.id())
                    .allSatisfy((name, problem) -> assertThat(problem).doesNotContain("too long", "encrypted"));
        }
    }

    @Test
    void everyTypeItselfRefusesAValuePastTheLimitOfEachOfItsSettings() {
        for (PluginType type : everyType()) {
            for (Setting setting : type.settings()) {
                Map<String, String> values = Map.of(setting.name(), "x".repeat(setting.maxLength() + 1));
                assertThat(type.validate(values))
                        .as(type.id() + "." + setting.name())
                        .containsKey(setting.name());
                assertThat(Settings.check(type, values).get(setting.name()))
                        .as(type.id() + "." + setting.name())
                        .isEqualTo(setting.label() + " is too long: at most " + setting.maxLength()
                                + " characters, this one has " + (setting.maxLength() + 1));
            }
        }
    }

    @Test
    void credentialCarryingSettingsAreSecret() {
        assertThat(Stream.of(
                                CheckType.registry().find("http"),
                                ReactionType.registry().find("webhook"),
                                ReactionType.registry().find("http-request"))
                        .map(type -> type.orElseThrow().settings().stream()
                                .filter(s -> s.name().equals("headers"))
                                .findFirst()
                                .orElseThrow()
                                .secret()))
                .containsOnly(true);
    }
}
