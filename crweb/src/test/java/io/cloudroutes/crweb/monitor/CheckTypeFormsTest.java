package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.SignedInPeople;
import org.junit.jupiter.api.Test;

/**
 * The monitor form is drawn from the check type's settings: every check type has a form with a field for each of them.
 */
class CheckTypeFormsTest extends SignedInPeople {

    @Test
    void theMonitorFormIsDrawnFromTheCheckTypesSettings() throws Exception {
        mvc.perform(get("/monitors/new").param("type", "http").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"settings[url]\"")))
                .andExpect(content().string(containsString("<option value=\"HEAD\">HEAD</option>")))
                .andExpect(
                        content().string(containsString("<textarea id=\"setting-headers\" name=\"settings[headers]\"")))
                .andExpect(content().string(containsString("Codes and ranges that count as healthy")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(get("/monitors/new").param("type", "tcp").with(alice))
                .andExpect(content().string(containsString("type=\"number\" id=\"setting-port\"")));
    }

    @Test
    void everyCheckTypeHasAFormWithAFieldForEachOfItsSettings() throws Exception {
        for (CheckType type : CheckType.registry().all()) {
            String page = mvc.perform(
                            get("/monitors/new").param("type", type.id()).with(alice))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            for (Setting setting : type.settings()) {
                assertThat(page)
                        .as("%s form has %s", type.id(), setting.name())
                        .contains("name=\"settings[" + setting.name() + "]\"");
            }
        }
        assertThat(CheckType.registry().all())
                .extracting(CheckType::id)
                .contains(
                        "http",
                        "tcp",
                        "dns",
                        "tls-expiry",
                        "ping",
                        "postgres",
                        "redis",
                        "heartbeat",
                        "datadog",
                        "alertmanager",
                        "webhook");
    }
}
