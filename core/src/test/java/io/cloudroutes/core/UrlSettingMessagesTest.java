package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user is told about a URL setting they typed wrong: what is wrong and what to type instead. */
class UrlSettingMessagesTest {

    private static final List<Setting> URL =
            List.of(Setting.of("url", "URL", SettingType.URL).asRequired());
    private static final List<Setting> SECRET_URL = List.of(Setting.of("webhookUrl", "Webhook URL", SettingType.URL)
            .asRequired()
            .asSecret());

    private static String problem(String value) {
        return Settings.validate(URL, Map.of("url", value)).get("url");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1:18960         | http://127.0.0.1:18960",
                "localhost:80            | http://localhost:80",
                "localhost               | http://localhost",
                "[::1]:8080/health       | http://[::1]:8080/health",
                "shop.example.com/health | https://shop.example.com/health",
                "example.com:8443/x?y=1  | http://example.com:8443/x?y=1",
                "//example.com/health    | https://example.com/health"
            })
    void aUrlWithoutASchemeSuggestsTheUrlToTypeInstead(String typed, String suggested) {
        assertThat(problem(typed))
                .isEqualTo("URL must be an absolute http:// or https:// URL; did you mean " + suggested + "?");
    }

    @Test
    void aUrlWithoutTheColonOrTheSlashesOfItsSchemeSuggestsTheFix() {
        assertThat(problem("http:/x")).isEqualTo("URL needs two slashes after http:; did you mean http://x?");
        assertThat(problem("https:example.com"))
                .isEqualTo("URL needs two slashes after https:; did you mean https://example.com?");
        assertThat(problem("https//example.com/a"))
                .isEqualTo("URL is missing the colon after https; did you mean https://example.com/a?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http:", "http:///health", "https://:8080/", "http://user@/"})
    void aUrlWithoutAHostSaysSoWithAnExample(String typed) {
        assertThat(problem(typed)).startsWith("URL has no host after http").endsWith("://example.com/health");
    }

    @Test
    void anUnsupportedSchemeIsNamed() {
        assertThat(problem("ftp://files.example.com/x"))
                .isEqualTo("URL must be an http:// or https:// URL; ftp:// is not supported");
        assertThat(problem("mailto:ops@example.com"))
                .isEqualTo("URL must be an http:// or https:// URL; mailto: is not supported");
    }

    @Test
    void spacesBadCharactersBadHostsAndBadPortsSayWhereAndWhat() {
        assertThat(problem("http://example.com/a b"))
                .isEqualTo("URL contains a space at character 21; remove it (a space inside a path is written %20)");
        assertThat(problem("http://example.com/<x>"))
                .isEqualTo("URL has a character a URL cannot contain at "
                        + "character 20: '<' (illegal character in path); write it as %3C");
        assertThat(problem("http://exa_mple.com/"))
                .isEqualTo("URL has a host that is not a host name or IP address: "
                        + "'exa_mple.com'; use letters, digits, dots and hyphens (no _), an IPv4 address or an IPv6 address "
                        + "in brackets such as [::1]");
        assertThat(problem("http://example.com:99999/"))
                .isEqualTo("URL has port '99999'; a port is a number between "
                        + "1 and 65535, e.g. https://example.com:8443/health");
        assertThat(problem("http://example.com:0/")).startsWith("URL has port '0'");
        assertThat(problem("http://example.com:http/")).startsWith("URL has port 'http'");
    }

    @Test
    void neitherTheParsersJargonNorASchemeMadeOfTheHostIsShown() {
        for (String typed : List.of("127.0.0.1:18960", "localhost:80", "http:/x", "http://exa mple.com", "shop")) {
            assertThat(problem(typed))
                    .as(typed)
                    .doesNotContain("scheme name")
                    .doesNotContain("Illegal character")
                    .isNotNull();
        }
    }

    @Test
    void aSecretUrlIsNeverRepeatedInItsMessage() {
        String typed = "hooks.slack.com/services/T000/B000/XXXXsecretXXXX";
        assertThat(Settings.validate(SECRET_URL, Map.of("webhookUrl", typed)).get("webhookUrl"))
                .isEqualTo("Webhook URL must be an absolute http:// or https:// URL; start it with http:// or https://")
                .doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:18960",
                "https://example.com/health?x=1#top",
                "HTTPS://Example.COM",
                "http://[::1]:8080/",
                "http://user:pw@example.com/",
                "http://localhost:65535"
            })
    void validUrlsPass(String typed) {
        assertThat(problem(typed)).isNull();
    }
}
