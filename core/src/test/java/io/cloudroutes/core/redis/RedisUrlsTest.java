package io.cloudroutes.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisUrlsTest {

    @Test
    void keepsPasswordsOutOfShownRedisUrls() {
        assertThat(RedisUrls.redacted("redis://cloudroutes-control:hunter2@redis:6379"))
                .isEqualTo("redis://cloudroutes-control:***@redis:6379");
        assertThat(RedisUrls.redacted("redis://:hunter2@redis:6379/0")).isEqualTo("redis://:***@redis:6379/0");
        assertThat(RedisUrls.redacted("redis://redis:6379")).isEqualTo("redis://redis:6379");
        assertThat(RedisUrls.redacted("redis-sentinel://cloudroutes-crweb:hunter2@s1:26379,s2:26379/0#cloudroutes"))
                .isEqualTo("redis-sentinel://cloudroutes-crweb:***@s1:26379,s2:26379/0#cloudroutes");
    }
}
