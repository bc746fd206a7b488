package io.cloudroutes.crweb.system;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * While the bridge rebuilds live state after Redis lost its data, crweb says so: the status API answers
 * {@code live:false, rebuilding:true} instead of a confident UNKNOWN, every page shows a banner, and health reports
 * REBUILDING (with 200, so webhooks keep coming in).
 */
@CrwebIntegrationTest
class LiveStateRebuildingTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    LiveRedis redis;

    @Autowired
    JsonMapper json;

    @AfterEach
    void rebuilt() {
        redis.connection().sync().del(RedisKeys.REBUILDING, RedisKeys.CHECKS_DELAYED);
    }

    @Test
    void whileAControlHoldsChecksBackEveryPageSaysChecksAreDelayedAndHowFarBehindAndAfterwardsItDoesNot()
            throws Exception {
        String email = "ops-" + UUID.randomUUID() + "@example.com";
        users.save(new UserAccount(email, "x"));
        UserDetails person = accounts.loadUserByUsername(email);
        mvc.perform(get("/monitors").with(user(person)))
                .andExpect(content().string(not(containsString("Checks delayed"))));

        // what a control writes while the oldest result not folded yet has waited 5.2 s, over its limit of 1 s
        redis.connection()
                .sync()
                .set(
                        RedisKeys.CHECKS_DELAYED,
                        MessageCodec.toJson(new ChecksDelayed(System.currentTimeMillis(), 5_200, 1_000)));

        for (String page : new String[] {"/monitors", "/reactions", "/account/api-keys"}) {
            mvc.perform(get(page).with(user(person)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("Checks delayed")))
                    .andExpect(content().string(containsString(">5.2</span> s to be")))
                    .andExpect(content().string(containsString("more than <span>1.0</span> s")));
        }

        redis.connection().sync().del(RedisKeys.CHECKS_DELAYED); // expired: the control let go
        mvc.perform(get("/monitors").with(user(person)))
                .andExpect(content().string(not(containsString("Checks delayed"))));
    }

    @Test
    void whileLiveStateIsRebuiltTheApiPagesAndHealthSaySoAndAfterwardsTheyDoNot() throws Exception {
        String email = "ops-" + UUID.randomUUID() + "@example.com";
        users.save(new UserAccount(email, "x"));
        UserDetails person = accounts.loadUserByUsername(email);
        String key = TestInfrastructure.apiKey(mvc, user(person));
        long id = json.readTree(mvc.perform(post("/api/v1/monitors")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
                                 "settings":{"host":"db.internal","port":"5432"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("id")
                .asLong();

        // what the bridge writes when it finds that Redis lost its data
        redis.connection().sync().set(RedisKeys.REBUILDING, String.valueOf(System.currentTimeMillis()));

        mvc.perform(get("/api/v1/monitors/" + id + "/status").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(false))
                .andExpect(jsonPath("$.rebuilding").value(true));
        mvc.perform(get("/monitors").with(user(person)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Live state is being rebuilt")));
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REBUILDING"));

        redis.connection().sync().del(RedisKeys.REBUILDING);

        mvc.perform(get("/api/v1/monitors/" + id + "/status").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
                .andExpect(jsonPath("$.live").value(true))
                .andExpect(jsonPath("$.rebuilding").value(false));
        mvc.perform(get("/monitors").with(user(person)))
                .andExpect(content().string(not(containsString("Live state is being rebuilt"))));
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }
}
