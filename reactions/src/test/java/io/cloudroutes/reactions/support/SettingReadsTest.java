package io.cloudroutes.reactions.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The readings several reaction types share: what each returns, and which message rejects a value it cannot use. */
class SettingReadsTest {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("code", "Code", SettingType.TEXT).asRequired(),
            Setting.of("recordName", "Record name", SettingType.TEXT),
            Setting.of("accessKeyId", "Access key ID", SettingType.TEXT),
            Setting.of("apiBaseUrl", "API base URL", SettingType.URL).withDefault("https://api.example.com/v2/"),
            Setting.of("endpoint", "Endpoint", SettingType.URL));

    private static final Pattern CODE = Pattern.compile("[a-z]{3}");

    private static <C> Parsed<C> read(Map<String, String> values, Function<SettingValues, C> reader) {
        return Parsed.read(SETTINGS, values, reader);
    }

    @Test
    void aMatchingValueIsReadTrimmedAndOneThatDoesNotMatchIsRejectedWithTheMessage() {
        assertThat(read(Map.of("code", " abc "), v -> SettingReads.matching(v, "code", CODE, "three letters"))
                        .config())
                .isEqualTo("abc");
        Parsed<String> refused =
                read(Map.of("code", "ab1"), v -> SettingReads.matching(v, "code", CODE, "three letters"));
        assertThat(refused.errors()).containsExactly(Map.entry("code", "three letters"));
    }

    @Test
    void aValueItsDeclaredTypeRefusedKeepsThatMessage() {
        Parsed<String> missing = read(Map.of(), v -> SettingReads.matching(v, "code", CODE, "three letters"));

        assertThat(missing.errors()).containsExactly(Map.entry("code", "Code is required"));
    }

    @Test
    void recordNamesAndAccessKeyIdsAreCheckedWithTheMessagesEveryTypeShows() {
        Parsed<List<String>> parsed = read(
                Map.of("code", "abc", "recordName", "not a name", "accessKeyId", "akia-lower"),
                v -> Arrays.asList(SettingReads.recordName(v), SettingReads.accessKeyId(v)));

        assertThat(parsed.errors())
                .containsExactly(
                        Map.entry("recordName", "Record name must be a DNS name, e.g. www.example.com"),
                        Map.entry(
                                "accessKeyId",
                                "Access key ID must be upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE"));
        assertThat(read(
                                Map.of(
                                        "code",
                                        "abc",
                                        "recordName",
                                        "www.example.com.",
                                        "accessKeyId",
                                        "AKIAIOSFODNN7EXAMPLE"),
                                v -> List.of(SettingReads.recordName(v), SettingReads.accessKeyId(v)))
                        .config())
                .containsExactly("www.example.com.", "AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void aBaseUrlLosesItsTrailingSlashAndAnAbsentUrlReadsAsNull() {
        Parsed<List<URI>> parsed = read(
                Map.of("code", "abc"),
                v -> Arrays.asList(SettingReads.baseUrl(v, "apiBaseUrl"), SettingReads.uri(v, "endpoint")));

        assertThat(parsed.config()).containsExactly(URI.create("https://api.example.com/v2"), null);
    }
}
