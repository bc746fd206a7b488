package io.cloudroutes.crweb.system;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import org.junit.jupiter.api.Test;

/** While email is only logged (no SMTP server), every page says so; once it is delivered, none does. */
class MailModeBannerTest extends SignedInPeople {

    @Test
    void everyPageSaysSoWhenEmailIsOnlyLogged() throws Exception {
        redis.sync().set(RedisKeys.MAIL_MODE, "log-only");
        mvc.perform(get("/monitors").with(alice))
                .andExpect(content()
                        .string(containsString("Email is not being delivered: no SMTP server is configured "
                                + "(set CLOUDROUTES_SMTP_HOST). Messages are written to the log.")));
        redis.sync().set(RedisKeys.MAIL_MODE, "smtp");
        mvc.perform(get("/monitors").with(alice))
                .andExpect(content().string(not(containsString("Email is not being delivered"))));
    }
}
