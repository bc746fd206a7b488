package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.reactions.pagerduty.PagerDutyReactionType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a reaction type's settings are read: by its own parse, or by the declared types for a plugin without one. */
class ReactionTypeParseTest {

    /** A plugin written before parse: settings, validate and create only. */
    private static final ReactionType WITHOUT_PARSE = new ReactionType() {
        @Override
        public String id() {
            return "plain";
        }

        @Override
        public String name() {
            return "Plain";
        }

        @Override
        public List<Setting> settings() {
            return List.of(
                    Setting.of("target", "Target", SettingType.TEXT).asRequired(),
                    Setting.of("count", "Count", SettingType.INTEGER).withDefault("3"));
        }

        @Override
        public Reaction create(Map<String, String> settings, ReactionServices services) {
            return (change, timeout) -> ReactionResult.executed(settings.get("target"));
        }
    };

    @Test
    void aTypeWithoutParseIsValidatedByItsDeclaredTypesAndReadWithDefaults() {
        Map<String, String> values = Map.of("target", " here ", "count", "many");

        assertThat(WITHOUT_PARSE.validate(values)).isEqualTo(Settings.validate(WITHOUT_PARSE.settings(), values));
        assertThat(WITHOUT_PARSE.validate(values)).containsExactly(Map.entry("count", "Count must be a whole number"));
        assertThat(WITHOUT_PARSE.parse(Map.of("target", " here ")).config())
                .isEqualTo(Map.of("target", "here", "count", "3"));
    }

    @Test
    void createRefusesSettingsThatDidNotPassNamingTheFields() {
        ReactionType type = new PagerDutyReactionType();
        Map<String, String> settings = Map.of("routingKey", "too-short");

        assertThat(type.validate(settings)).containsOnlyKeys("routingKey");
        assertThatThrownBy(() -> type.create(settings, TestServices.withMail(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routingKey");
    }

    @Test
    void savedSettingsThatNoLongerPassAreAFinalFailureThatSaysWhatToFix() {
        ReactionType type = new PagerDutyReactionType();
        Map<String, String> saved = Map.of("routingKey", "too-short");

        assertThatThrownBy(() -> ReactionCalls.create(
                        type, saved, Optional.empty(), SecretScope.reaction(1, "7"), TestServices.withMail(null)))
                .isInstanceOf(ReactionCalls.UnusableSettings.class)
                .hasMessageStartingWith("the reaction's saved settings are not valid any more (")
                .hasMessageContaining(type.validate(saved).get("routingKey"))
                .hasMessageEndingWith("); edit the reaction and save it again");
    }
}
