package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import org.junit.jupiter.api.Test;

/**
 * What the monitor form refuses: each bad value is a field error on the form, naming what is allowed, and nothing is
 * saved.
 */
class MonitorFormValidationTest extends SignedInPeople {

    @Test
    void anInvalidUrlIsAFieldErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        long outboxBefore = outboxCount();
        mvc.perform(httpMonitor("shop.example.com/health", "60").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("URL must be an absolute http:// or https:// URL")))
                .andExpect(content().string(containsString("value=\"shop.example.com/health\"")));
        assertThat(monitorCount()).isEqualTo(before);
        assertThat(outboxCount()).isEqualTo(outboxBefore);
    }

    @Test
    void portZeroIsAFieldErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(alice)
                        .param("name", "db")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Port must be between 1 and 65535")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void anIntervalUnderTheMinimumIsAFieldErrorNamingTheRange() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://example.com", "5").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("the interval is between 10 and 86400 seconds")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void anUnknownCheckTypeIsAnErrorAndSavesNothing() throws Exception {
        long before = monitorCount();
        mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(alice)
                        .param("name", "x")
                        .param("checkType", "carrier-pigeon")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("unknown check type &#39;carrier-pigeon&#39;")));
        mvc.perform(get("/monitors/new").param("type", "carrier-pigeon").with(alice))
                .andExpect(status().isNotFound());
        assertThat(monitorCount()).isEqualTo(before);
    }
}
