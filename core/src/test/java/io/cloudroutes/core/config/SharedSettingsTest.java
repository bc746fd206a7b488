package io.cloudroutes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of settings more than one process reads: each is one method in core, which crweb and crbridge call from
 * their Spring properties records and the cram processes and the standalone through {@link Env}, so a value is
 * accepted or refused the same everywhere, with a message that names the variable.
 */
class SharedSettingsTest {

    @Test
    void aRedisUrlIsOneLettuceConnectsWithAndAMalformedOneNamesTheVariableWithoutThePassword() {
        assertThat(RedisUrl.check(null)).isEqualTo("redis://localhost:6379");
        assertThat(RedisUrl.check(" ")).isEqualTo(RedisUrl.DEFAULT);
        for (String url : List.of(
                "redis://cloudroutes-control:secret@redis:6379",
                "rediss://:secret@redis.example.com:6380/2",
                "redis-sentinel://cloudroutes-crweb:secret@s1:26379,s2:26379,s3:26379#cloudroutes",
                "redis-socket:///run/redis.sock")) {
            assertThat(RedisUrl.check(" " + url)).isEqualTo(url);
        }
        for (String url : List.of("localhost:6379", "http://redis:6379", "redis://", "redis:///db", "redis://a b")) {
            assertThatThrownBy(() -> RedisUrl.check(url))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("CLOUDROUTES_REDIS_URL must be a Redis URL, redis://")
                    .hasMessageEndingWith("but is '" + url + "'");
        }
        assertThatThrownBy(() -> RedisUrl.check("redis:cloudroutes-crweb:s3cret@redis:6379"))
                .hasMessageEndingWith("but is '***@redis:6379'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisUrl.check("resid://cloudroutes-crweb:s3cret@redis:6379"))
                .hasMessageEndingWith("but is 'resid://cloudroutes-crweb:***@redis:6379'");
        assertThatThrownBy(() -> RedisUrl.fromEnv(Env.of(Map.of("CLOUDROUTES_REDIS_URL", "redis:6379"))))
                .hasMessageContaining("CLOUDROUTES_REDIS_URL");
    }

    @Test
    void thePublicUrlIsAnHttpUrlWithAHost() {
        assertThat(PublicUrls.check(null)).isNull();
        assertThat(PublicUrls.check("")).isNull();
        assertThat(PublicUrls.check(" https://cr.example.com/ ")).isEqualTo("https://cr.example.com/");
        assertThat(PublicUrls.check("http://cloudroutes_web:8080/cr")).isEqualTo("http://cloudroutes_web:8080/cr");
        for (String url : List.of("cr.example.com", "ftp://cr.example.com", "https://", "https:///x", "http://a b")) {
            assertThatThrownBy(() -> PublicUrls.check(url))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("CLOUDROUTES_PUBLIC_URL must be an http:// or https:// URL with a host, e.g. "
                            + "https://cloudroutes.example.com, but is '" + url + "'");
        }
        assertThatThrownBy(() -> PublicUrls.check("ftp://user:s3cret@cr.example.com"))
                .hasMessageEndingWith("but is not")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theFromAddressIsOneAddressWithOrWithoutAName() {
        assertThat(new MailSettings(null).from()).isEqualTo("cloudroutes@localhost");
        assertThat(new MailSettings(" ").from()).isEqualTo(MailSettings.DEFAULT_FROM);
        assertThat(new MailSettings(" alerts@example.com ").from()).isEqualTo("alerts@example.com");
        assertThat(new MailSettings("CloudRoutes <alerts@example.com>").from())
                .isEqualTo("CloudRoutes <alerts@example.com>");
        for (String from : List.of("alerts", "a@example.com,b@example.com", "alerts @example.com", "<alerts>")) {
            assertThatThrownBy(() -> new MailSettings(from))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("CLOUDROUTES_MAIL_FROM must be one email address")
                    .hasMessageEndingWith("but is '" + from + "'");
        }
    }

    @Test
    void aSettingHasOnePropertyNameDerivedFromItsVariable() {
        assertThat(SettingNames.property("CLOUDROUTES_REDIS_URL")).isEqualTo("cloudroutes.redis.url");
        assertThat(SettingNames.property("CLOUDROUTES_MAIL_FROM")).isEqualTo("cloudroutes.mail.from");
        assertThat(SettingNames.property("CLOUDROUTES_EGRESS_ALLOW")).isEqualTo("cloudroutes.egress.allow");
        assertThat(SettingNames.property("CLOUDROUTES_OPS_PORT")).isEqualTo("cloudroutes.ops.port");
        assertThat(SettingNames.property("CLOUDROUTES_SECRET_KEY")).isEqualTo("cloudroutes.secret-key");
        assertThat(SettingNames.property("CLOUDROUTES_DATA_DIR")).isEqualTo("cloudroutes.data-dir");
        for (String variable : List.of(
                "CLOUDROUTES_REDIS_URL",
                "CLOUDROUTES_SECRET_KEY",
                "CLOUDROUTES_DATA_DIR",
                "CLOUDROUTES_PUBLIC_URL",
                "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS",
                "CLOUDROUTES_QUOTA_EMAILS_PER_HOUR")) {
            assertThat(SettingNames.variable(SettingNames.property(variable))).isEqualTo(variable);
        }
        assertThat(SettingNames.variable("cloudroutes.redis-url")).isEqualTo("CLOUDROUTES_REDIS_URL");
        assertThat(SettingNames.variable("cloudroutes.dataDir")).isEqualTo("CLOUDROUTES_DATA_DIR");
    }

    @Test
    void anOldPropertyNameIsKnownInEverySpellingAndPointsToTheNewOne() {
        for (String old : List.of("cloudroutes.mail-from", "cloudroutes.mailFrom", "cloudroutes.mail_from")) {
            assertThat(SettingNames.renamedTo(old)).as(old).isEqualTo("cloudroutes.mail.from");
        }
        assertThat(SettingNames.renamedTo("cloudroutes.mail.from")).isNull();
        assertThat(SettingNames.renamedTo("cloudroutes.smtp.host")).isNull();
        assertThat(SettingNames.deprecation("cloudroutes.mail-from", "cloudroutes.mail.from"))
                .isEqualTo("cloudroutes.mail-from is deprecated and read for now: name it cloudroutes.mail.from "
                        + "(environment CLOUDROUTES_MAIL_FROM), the name every process reads");
    }

    @Test
    void dottedPropertiesAreReadUnderTheOnePropertyName() {
        Map<String, String> properties =
                Map.of("cloudroutes.secret-key", "k", "cloudroutes.redis.url", "redis://r:6379");
        Env env = Env.fromDottedProperties(properties::get);
        assertThat(env.get("CLOUDROUTES_SECRET_KEY", null)).isEqualTo("k");
        assertThat(env.get("CLOUDROUTES_REDIS_URL", null)).isEqualTo("redis://r:6379");
    }

    @Test
    void zonesAreHeldToOneRuleWhetherAWorkerNamesItsOwnOrCrwebListsThem() {
        assertThat(ZoneNames.require("eu-west", "CLOUDROUTES_ZONE")).isEqualTo("eu-west");
        assertThatThrownBy(() -> ZoneNames.require("EU West", "CLOUDROUTES_ZONE"))
                .hasMessage("CLOUDROUTES_ZONE must be a zone name (" + ZoneNames.RULE + "), but is 'EU West'");
        assertThatThrownBy(() -> ZoneNames.requireEach(List.of("eu-west", "us_east"), "CLOUDROUTES_ZONES"))
                .hasMessage(
                        "CLOUDROUTES_ZONES must list zone names (" + ZoneNames.RULE + "), but 'us_east' is not one");
    }

    @Test
    void theLargestZeroMqMessageIsHeldToOneRangeWhereverItIsRead() {
        // through Env (the cram processes) and as given (crbridge's Spring properties): the same rule and message
        Map<String, String> env = new java.util.HashMap<>(TestPlane.env(TestPlane.ACTIONER));
        env.put(ZmqSecurity.MAX_MESSAGE_BYTES, "1024");
        assertThatThrownBy(() -> ZmqSecurity.fromEnv(Env.of(env)))
                .hasMessage("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES must be between 4096 and 268435456, but is 1024");
        assertThatThrownBy(() -> ZmqSecurity.of(TestPlane.ACTIONER.secretKey(), null, null, null, null, 1024))
                .hasMessage("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES must be between 4096 and 268435456, but is 1024");
    }

    @Test
    void anActionerBindsItsResultsSocketByTheRuleABrokerBindsItsSocketsBy() {
        assertThat(ZmqEndpoints.resultsBindAddress(null, "tcp://127.0.0.1:5557"))
                .isEqualTo("tcp://127.0.0.1:5557");
        assertThat(ZmqEndpoints.resultsBindAddress("tcp://*:5557", "tcp://crbridge-a:5557,tcp://crbridge-b:5557"))
                .isEqualTo("tcp://*:5557");
        assertThatThrownBy(() -> ZmqEndpoints.resultsBindAddress(" ", "tcp://crbridge-a:5557,tcp://crbridge-b:5557"))
                .hasMessage(
                        "CLOUDROUTES_RESULTS_ENDPOINT lists 2 actioners (tcp://crbridge-a:5557,tcp://crbridge-b:5557)"
                                + ": an actioner binds one address, so set CLOUDROUTES_RESULTS_BIND (e.g. tcp://*:5557) for "
                                + "this actioner");
        assertThatThrownBy(() -> ZmqEndpoints.resultsBindAddress(null, "crbridge:5557"))
                .hasMessage("CLOUDROUTES_RESULTS_ENDPOINT must list ZeroMQ endpoints (tcp://host:port) separated by "
                        + "commas, e.g. tcp://crbridge:5557 or tcp://crbridge-a:5557,tcp://crbridge-b:5557, but "
                        + "'crbridge:5557' is not one");
    }
}
