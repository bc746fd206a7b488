package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every reaction that sends HTTP through the services its process lends speaks plain HTTP/1.1 to an http:// URL: no
 * {@code Upgrade: h2c}, {@code HTTP2-Settings} or {@code Connection: Upgrade}, which some receivers reject.
 */
class PlainHttpRequestsTest {

    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "default",
            1_700_000_000_000L,
            1);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"webhook, url", "http-request, url", "slack, webhookUrl", "pagerduty, eventsUrl"})
    void aReactionSendsHttp11WithoutUpgradeHeadersToAPlainHttpUrl(String typeId, String urlSetting) throws IOException {
        ReactionType type = ReactionType.registry().find(typeId).orElseThrow();
        ReactionServices services = StandardReactionServices.of(
                null, "cloudroutes@example.com", "https://cloudroutes.example.com", TestServices.LOOPBACK);
        try (RawHttpReceiver receiver = new RawHttpReceiver()) {
            Map<String, String> settings = typeId.equals("pagerduty")
                    ? Map.of(urlSetting, receiver.url("/v2/enqueue"), "routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12")
                    : Map.of(urlSetting, receiver.url("/hook"));
            assertThat(type.validate(settings)).isEmpty();
            ReactionResult result = type.create(Settings.withDefaults(type.settings(), settings), services)
                    .run(failure, Duration.ofSeconds(5));

            assertThat(result.outcome()).as(result.output()).isEqualTo(ReactionOutcome.EXECUTED);
            assertThat(receiver.heads()).singleElement().satisfies(head -> {
                assertThat(head.requestLine()).matches("[A-Z]+ /\\S* HTTP/1\\.1");
                assertThat(head.headerNames()).doesNotContain("upgrade", "http2-settings");
                assertThat(head.headerLines())
                        .noneMatch(line -> line.toLowerCase().startsWith("connection:")
                                && line.toLowerCase().contains("upgrade"));
            });
        }
    }
}
