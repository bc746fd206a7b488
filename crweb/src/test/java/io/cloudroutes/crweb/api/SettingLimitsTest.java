package io.cloudroutes.crweb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every setting of every check and reaction type has a maximum length, which the type schema publishes, the forms
 * carry as {@code maxlength}, and the API and pages enforce with a field error naming it; and no setting takes a value
 * in the form of a sealed secret.
 */
@CrwebIntegrationTest
class SettingLimitsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    JdbcTemplate jdbc;

    RequestPostProcessor person;
    RequestPostProcessor apiKey;

    @BeforeEach
    void aPerson() throws Exception {
        UserAccount account = users.save(new UserAccount("limits-" + UUID.randomUUID() + "@example.com", "x"));
        person = user(accounts.loadUserByUsername(account.getEmail()));
        apiKey = TestInfrastructure.bearer(TestInfrastructure.apiKey(mvc, person));
    }

    private JsonNode send(String path, Map<String, Object> body, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(post(path)
                        .with(apiKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(body)))
                .andExpect(status().is(expectedStatus))
                .andReturn();
        return json.readTree(result.getResponse().getContentAsString());
    }

    private static Map<String, String> everySetting(PluginType type, Function<Setting, String> value) {
        Map<String, String> settings = new LinkedHashMap<>();
        type.settings().forEach(setting -> settings.put(setting.name(), value.apply(setting)));
        return settings;
    }

    /** The types a client can send settings to (a type without settings, e.g. Alertmanager, refuses any). */
    private static <T extends PluginType> List<T> typesWithSettings(List<T> types) {
        return types.stream().filter(type -> !type.settings().isEmpty()).toList();
    }

    private static String tooLong(Setting setting) {
        return "9".repeat(setting.maxLength() + 1);
    }

    private static Map<String, Object> monitor(CheckType type, Map<String, String> settings) {
        return Map.of(
                "name",
                "limits",
                "checkType",
                type.id(),
                "intervalSeconds",
                60,
                "timeoutSeconds",
                5,
                "settings",
                settings);
    }

    private static Map<String, Object> reaction(ReactionType type, Map<String, String> settings) {
        return Map.of("name", "limits", "reactionType", type.id(), "settings", settings);
    }

    private static void assertEveryFieldRefused(PluginType type, JsonNode answer, Function<Setting, String> message) {
        for (Setting setting : type.settings()) {
            assertThat(answer.path("fields").path("settings." + setting.name()).asString())
                    .as(type.id() + "." + setting.name())
                    .isEqualTo(message.apply(setting));
        }
    }

    @Test
    void everyCheckTypeRefusesAValuePastTheMaximumLengthOfEachSettingNamingTheLimit() throws Exception {
        long before = monitors.count();
        for (CheckType type : typesWithSettings(CheckType.registry().all())) {
            JsonNode answer =
                    send("/api/v1/monitors", monitor(type, everySetting(type, SettingLimitsTest::tooLong)), 422);
            assertEveryFieldRefused(
                    type,
                    answer,
                    setting -> setting.label() + " is too long: at most " + setting.maxLength()
                            + " characters, this one has " + (setting.maxLength() + 1));
        }
        assertThat(monitors.count()).isEqualTo(before);
    }

    @Test
    void everyReactionTypeRefusesAValuePastTheMaximumLengthOfEachSettingNamingTheLimit() throws Exception {
        long before = jdbc.queryForObject("select count(*) from reactions", Long.class);
        for (ReactionType type : typesWithSettings(ReactionType.registry().all())) {
            JsonNode answer =
                    send("/api/v1/reactions", reaction(type, everySetting(type, SettingLimitsTest::tooLong)), 422);
            assertEveryFieldRefused(
                    type,
                    answer,
                    setting -> setting.label() + " is too long: at most " + setting.maxLength()
                            + " characters, this one has " + (setting.maxLength() + 1));
        }
        assertThat(jdbc.queryForObject("select count(*) from reactions", Long.class))
                .isEqualTo(before);
    }

    @Test
    void noSettingOfAnyTypeTakesAValueInTheFormOfASealedSecret() throws Exception {
        String sealedElsewhere = SecretBox.PREFIX + "A";
        // a yes/no setting holds 5 characters: the sealed form is refused there for its length first
        Function<Setting, String> refusal = setting -> sealedElsewhere.length() > setting.maxLength()
                ? setting.label() + " is too long: at most " + setting.maxLength() + " characters, this one has "
                        + sealedElsewhere.length()
                : setting.label() + " starts with 'enc:v2:', which marks a value CloudRoutes encrypted: type the "
                        + "plain value (it is encrypted when stored); an encrypted value cannot be copied from one "
                        + "setting or monitor to another";
        for (CheckType type : typesWithSettings(CheckType.registry().all())) {
            assertEveryFieldRefused(
                    type,
                    send("/api/v1/monitors", monitor(type, everySetting(type, setting -> sealedElsewhere)), 422),
                    refusal);
        }
        for (ReactionType type : typesWithSettings(ReactionType.registry().all())) {
            assertEveryFieldRefused(
                    type,
                    send("/api/v1/reactions", reaction(type, everySetting(type, setting -> sealedElsewhere)), 422),
                    refusal);
        }
    }

    @Test
    void aSealedValueCannotBeSlippedIntoASecretOnUpdateEither() throws Exception {
        JsonNode created = send(
                "/api/v1/monitors",
                Map.of(
                        "name",
                        "db",
                        "checkType",
                        "postgres",
                        "intervalSeconds",
                        60,
                        "timeoutSeconds",
                        5,
                        "settings",
                        Map.of("host", "db.internal", "database", "orders", "user", "monitor", "password", "mine")),
                201);
        long id = created.get("id").asLong();
        String someoneElses = jdbc.queryForObject("select settings from monitors where id = ?", String.class, id)
                .replaceAll(".*\"password\":\"([^\"]+)\".*", "$1");
        mvc.perform(put("/api/v1/monitors/" + id)
                        .with(apiKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"settings\":{\"host\":\"db.internal\",\"database\":\"orders\",\"user\":\"monitor\","
                                + "\"password\":\" " + someoneElses + "\"}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields['settings.password']")
                        .value(org.hamcrest.Matchers.startsWith("Password starts with 'enc:v2:'")));
    }

    @Test
    void anUnknownSettingWhoseNameLooksLikeAPropertyPathIsAFieldErrorNotAFault() throws Exception {
        JsonNode answer = send(
                "/api/v1/monitors",
                monitor(
                        CheckType.registry().find("tcp").orElseThrow(),
                        Map.of("host", "db.internal", "port", "5432", "a]b[c.d", "x")),
                422);
        assertThat(answer.path("fields").toString()).contains("unknown setting 'a]b[c.d'");
        mvc.perform(post("/monitors")
                        .with(person)
                        .with(csrf())
                        .param("name", "db")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "5432")
                        .param("settings[a]b[c.d]", "x"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("the form sent a field that is not one of its own")));
        mvc.perform(post("/monitors")
                        .with(person)
                        .with(csrf())
                        .param("name", "db")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "5432")
                        .param("settings[colour.of]", "x"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("unknown setting &#39;colour.of&#39;")));
    }

    @Test
    void theTypeSchemasPublishEverySettingsMaximumLength() throws Exception {
        for (String path : List.of("/api/v1/check-types", "/api/v1/reaction-types")) {
            JsonNode types = json.readTree(mvc.perform(get(path).with(apiKey))
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
            for (JsonNode type : types) {
                PluginType plugin = (path.contains("check")
                                ? CheckType.registry().find(type.get("id").asString())
                                : ReactionType.registry().find(type.get("id").asString()))
                        .map(PluginType.class::cast)
                        .orElseThrow();
                for (JsonNode setting : type.get("settings")) {
                    Setting declared = plugin.settings().stream()
                            .filter(s -> s.name().equals(setting.get("name").asString()))
                            .findFirst()
                            .orElseThrow();
                    assertThat(setting.get("maxLength").asInt())
                            .as(plugin.id() + "." + declared.name())
                            .isEqualTo(declared.maxLength())
                            .isPositive();
                }
            }
        }
    }

    @Test
    void everyTextFieldOfEveryFormCarriesItsMaximumLength() throws Exception {
        for (CheckType type : CheckType.registry().all()) {
            assertFormCarriesLimits(type, "/monitors/new");
        }
        for (ReactionType type : ReactionType.registry().all()) {
            assertFormCarriesLimits(type, "/reactions/new");
        }
    }

    private void assertFormCarriesLimits(PluginType type, String path) throws Exception {
        String page = mvc.perform(get(path).param("type", type.id()).with(person))
                .andReturn()
                .getResponse()
                .getContentAsString();
        for (Setting setting : type.settings()) {
            if (setting.type() == SettingType.CHOICE
                    || setting.type() == SettingType.BOOLEAN
                    || setting.type() == SettingType.INTEGER) {
                continue;
            }
            String field = page.substring(page.indexOf("id=\"setting-" + setting.name() + "\""));
            field = field.substring(0, field.indexOf('>'));
            assertThat(field)
                    .as(type.id() + "." + setting.name())
                    .contains("maxlength=\"" + setting.maxLength() + "\"");
        }
    }
}
