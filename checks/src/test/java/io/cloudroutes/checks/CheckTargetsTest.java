package io.cloudroutes.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each built-in check type says it checks, for the monitors list and the monitor page. */
class CheckTargetsTest {

    private static String target(String type, Map<String, String> given) {
        CheckType checkType = CheckType.registry().find(type).orElseThrow();
        assertThat(checkType.validate(given)).as("%s settings are valid", type).isEmpty();
        // as stored: defaults filled in
        return checkType.target(Settings.withDefaults(checkType.settings(), given));
    }

    @Test
    void anHttpMonitorShowsItsMethodAndUrl() {
        assertThat(target("http", Map.of("url", "https://shop.example.com/health?deep=1")))
                .isEqualTo("GET https://shop.example.com/health?deep=1");
        assertThat(target(
                        "http",
                        Map.of("url", "https://10.0.0.5/health", "method", "HEAD", "hostHeader", "shop.example.com")))
                .isEqualTo("HEAD https://10.0.0.5/health (Host: shop.example.com)");
    }

    @Test
    void anHttpTargetNeverShowsTheUserPartOfAUrl() {
        // refused by validation today, but a target must not leak it from anything stored
        CheckType http = CheckType.registry().find("http").orElseThrow();
        assertThat(http.target(Map.of("url", "https://admin:hunter2@shop.example.com/health", "method", "GET")))
                .isEqualTo("GET https://shop.example.com/health")
                .doesNotContain("hunter2")
                .doesNotContain("admin");
    }

    @Test
    void aTcpMonitorShowsHostAndPort() {
        assertThat(target("tcp", Map.of("host", "db.internal", "port", "5432"))).isEqualTo("db.internal:5432");
        assertThat(target("tcp", Map.of("host", "2001:db8::1", "port", "22"))).isEqualTo("[2001:db8::1]:22");
    }

    @Test
    void aDnsMonitorShowsRecordTypeNameAndResolver() {
        assertThat(target("dns", Map.of("name", "shop.example.com"))).isEqualTo("A shop.example.com @ system resolver");
        assertThat(target("dns", Map.of("name", "example.com", "recordType", "MX", "resolver", "1.1.1.1:53")))
                .isEqualTo("MX example.com @ 1.1.1.1:53");
    }

    @Test
    void aTlsMonitorShowsHostPortAndServerName() {
        assertThat(target("tls-expiry", Map.of("host", "shop.example.com"))).isEqualTo("shop.example.com:443");
        assertThat(target("tls-expiry", Map.of("host", "192.0.2.4", "port", "8443", "serverName", "shop.example.com")))
                .isEqualTo("192.0.2.4:8443 (SNI shop.example.com)");
    }

    @Test
    void aPingMonitorShowsItsHost() {
        assertThat(target("ping", Map.of("host", "192.0.2.10"))).isEqualTo("192.0.2.10");
    }

    @Test
    void aPostgresMonitorShowsServerAndDatabaseButNoCredentials() {
        String target = target(
                "postgres",
                Map.of("host", "db.example.com", "database", "shop", "user", "monitor", "password", "hunter2"));
        assertThat(target)
                .isEqualTo("db.example.com:5432/shop")
                .doesNotContain("monitor")
                .doesNotContain("hunter2");
    }

    @Test
    void aRedisMonitorShowsItsUrlWithoutUserOrPassword() {
        assertThat(target("redis", Map.of("host", "cache.example.com"))).isEqualTo("redis://cache.example.com:6379/0");
        String target = target(
                "redis",
                Map.of(
                        "host",
                        "cache.example.com",
                        "port",
                        "6380",
                        "database",
                        "2",
                        "tls",
                        "true",
                        "username",
                        "probe",
                        "password",
                        "hunter2"));
        assertThat(target)
                .isEqualTo("rediss://cache.example.com:6380/2")
                .doesNotContain("probe")
                .doesNotContain("hunter2");
    }

    @Test
    void aHeartbeatMonitorShowsItsSchedule() {
        assertThat(target("heartbeat", Map.of("periodSeconds", "3600", "graceSeconds", "1800")))
                .isEqualTo("a ping every 1 h, 30 min grace");
        assertThat(target(
                        "heartbeat",
                        Map.of("schedule", "cron", "cronExpression", "0 2 * * *", "timeZone", "Europe/Berlin")))
                .isEqualTo("a ping at 0 2 * * * (Europe/Berlin), 1 h grace");
    }

    @Test
    void aPushedWebhookMonitorShowsItsSender() {
        assertThat(target("datadog", Map.of())).isEqualTo("sent by a Datadog monitor's webhook");
        assertThat(target("alertmanager", Map.of())).isEqualTo("sent by a Prometheus Alertmanager receiver");
        assertThat(target("webhook", Map.of())).isEqualTo("sent by your program (generic webhook)");
    }

    @Test
    void everyBuiltInTypeSaysWhatItChecksAndDescribesItself() {
        for (CheckType type : CheckType.registry().all()) {
            assertThat(type.description()).as("%s description", type.id()).isNotBlank();
            assertThat(type.target(Settings.withDefaults(type.settings(), Map.of())))
                    .as("%s target", type.id())
                    .isNotNull();
        }
    }

    @Test
    void theChooserListsTheCommonestChecksFirstAndPushedOnesLast() {
        List<PluginRegistry.Group<CheckType>> groups = CheckType.registry().grouped();
        assertThat(groups)
                .extracting(g -> g.group())
                .containsExactly(CheckGroups.NETWORK, CheckGroups.DATABASES, CheckGroups.PUSHED);
        assertThat(groups.stream()
                        .flatMap(g -> g.types().stream())
                        .map(PluginType::id)
                        .toList())
                .containsExactly(
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
