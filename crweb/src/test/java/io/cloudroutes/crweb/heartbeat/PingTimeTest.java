package io.cloudroutes.crweb.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A ping's time is Redis' clock, the one the actioners judge its deadline by, not crweb's own (here a week behind, as
 * a skewed host's): a skewed crweb neither fails a job that pinged nor keeps a silent one alive.
 */
@CrwebIntegrationTest
@Import(TestClock.InPlace.class)
class PingTimeTest {

    @Autowired
    TeamRepository teamRepository;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    LiveRedis liveRedis;

    @Test
    void aPingIsTimedByRedisClockNotCrwebs() throws Exception {
        RedisCommands<String, String> redis = liveRedis.connection().sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        String secret = SecretTokens.generate("hb_");
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "nightly backup", "heartbeat");
        monitor.setSettings(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        monitor = monitors.save(monitor);

        Instant before = RedisTime.of(redis.time());
        mvc.perform(get("/ping/" + secret)).andExpect(status().isOk());
        Instant after = RedisTime.of(redis.time());

        var last = redis.xrevrange(RedisKeys.RESULTS_STREAM, Range.create("-", "+"), Limit.from(1));
        CheckResult result =
                MessageCodec.fromJson(last.getFirst().getBody().get(RedisKeys.RESULTS_STREAM_FIELD), CheckResult.class);
        assertThat(result.monitorId()).isEqualTo(monitor.getId());
        assertThat(Instant.ofEpochMilli(result.checkedAtMillis())).isBetween(before.minusMillis(1), after);
        assertThat(redis.get(RedisKeys.heartbeatLastPing(monitor.getId())))
                .isEqualTo(String.valueOf(result.checkedAtMillis()));
    }
}
