package io.cloudroutes.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook load's senders against a JDK HttpServer on loopback that answers like crweb: every delivery offered is
 * sent once with its monitor's secret and its own id, answered and counted by status, also when the server closes the
 * connection after some answers and when answers come with chunked bodies.
 */
class WebhookLoadTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyDeliveryOfferedIsSentOnceAndCountedByItsAnswer() throws IOException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/webhooks/datadog/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf("\",\"alert_transition\""));
            boolean knownSecret =
                    "crw_secret".equals(exchange.getRequestHeaders().getFirst("X-CloudRoutes-Secret"));
            ids.add(id);
            int n = requests.incrementAndGet();
            if (n % 3 == 0) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            byte[] answer = "{\"accepted\":true}".getBytes(StandardCharsets.UTF_8);
            boolean secondMonitor = exchange.getRequestURI().getPath().endsWith("/2");
            // a chunked answer (length 0) for every other request, a sized one for the rest
            exchange.sendResponseHeaders(knownSecret && !secondMonitor ? 202 : 401, n % 2 == 0 ? 0 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        WebhookLoad.Sent sent = new WebhookLoad(
                        url,
                        List.of(new WebhookLoad.Receiver(1, "crw_secret"), new WebhookLoad.Receiver(2, "crw_secret")),
                        4)
                .offer(200, Duration.ofSeconds(1), "t", Duration.ofSeconds(5));

        assertThat(sent.deliveries()).isEqualTo(200);
        assertThat(sent.answers()).isEqualTo(Map.of("202", 100L, "401", 100L));
        assertThat(sent.accepted()).isEqualTo(100);
        assertThat(ids).hasSize(200).contains("t-0", "t-199");
        assertThat(sent.latencyMs(1.0)).isFinite().isPositive();
        assertThat(sent.latencyMs(0.5)).isLessThanOrEqualTo(sent.latencyMs(0.99));
    }
}
