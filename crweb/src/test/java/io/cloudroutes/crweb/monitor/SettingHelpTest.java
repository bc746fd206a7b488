package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.reactions.ReactionType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

/**
 * Every field of every monitor and reaction form shows the help its plugin declares, linked to the field for screen
 * readers: a {@code <label for>} names the field, and the field's {@code aria-describedby} points at its help.
 */
class SettingHelpTest extends SignedInPeople {

    @Test
    void everyCheckTypesFormShowsEachSettingsHelpNextToItsField() throws Exception {
        for (CheckType type : CheckType.registry().all()) {
            assertHelpOfEverySetting(type, "/monitors/new");
        }
    }

    @Test
    void everyReactionTypesFormShowsEachSettingsHelpNextToItsField() throws Exception {
        for (ReactionType type : ReactionType.registry().all()) {
            assertHelpOfEverySetting(type, "/reactions/new");
        }
    }

    @Test
    void aSettingsDefaultAndThatASecretIsNeverShownAgainAreSaidInItsHelp() throws Exception {
        String http = form("/monitors/new", "http");
        assertThat(help(http, "expectedStatus")).endsWith("Default: 200-299.");
        String webhook = form("/reactions/new", "webhook");
        assertThat(webhook).contains("Stored encrypted and never shown again.");
    }

    private void assertHelpOfEverySetting(PluginType type, String path) throws Exception {
        String page = form(path, type.id());
        for (Setting setting : type.settings()) {
            String id = "setting-" + setting.name();
            assertThat(page).as("%s: a label for %s", type.id(), setting.name()).contains("<label for=\"" + id + "\">");
            Matcher field = Pattern.compile("<(input|select|textarea)\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                    .matcher(page);
            assertThat(field.find()).as("%s: a field %s", type.id(), id).isTrue();
            if (setting.help() == null || setting.help().isEmpty()) {
                continue;
            }
            assertThat(field.group())
                    .as("%s: %s is described by its help", type.id(), setting.name())
                    .containsPattern("aria-describedby=\"[^\"]*\\b" + Pattern.quote(id + "-help") + "\\b");
            assertThat(HtmlUtils.htmlUnescape(help(page, setting.name())))
                    .as("%s: the help of %s", type.id(), setting.name())
                    .contains(setting.help());
        }
    }

    /** The text of the help paragraph of a setting, as the page has it (HTML-escaped). */
    private static String help(String page, String setting) {
        Matcher help = Pattern.compile(
                        "<p class=\"help\" id=\"setting-" + Pattern.quote(setting) + "-help\">(.*?)</p>",
                        Pattern.DOTALL)
                .matcher(page);
        assertThat(help.find()).as("the help paragraph of %s", setting).isTrue();
        return help.group(1).strip();
    }

    private String form(String path, String type) throws Exception {
        return mvc.perform(get(path).param("type", type).with(alice))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
