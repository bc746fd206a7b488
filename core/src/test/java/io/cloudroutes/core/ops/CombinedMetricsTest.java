package io.cloudroutes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.config.Env;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone's one endpoint for the processes it runs: each series keeps its process, each family is named once. */
class CombinedMetricsTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void oneScrapeHasEveryProcessesSeriesWithTheSameNameUnderOneFamily() throws Exception {
        PrometheusMeterRegistry broker = OpsEndpoint.newProcessRegistry("cram-broker");
        PrometheusMeterRegistry actioner = OpsEndpoint.newProcessRegistry("crbridge");
        Counter.builder("cloudroutes.zmq.peers.refused")
                .tag("socket", "broker-frontend")
                .register(broker)
                .increment(2);
        Counter.builder("cloudroutes.zmq.peers.refused")
                .tag("socket", "results")
                .register(actioner)
                .increment(3);
        Counter.builder("cloudroutes.actioner.results")
                .tag("outcome", "folded")
                .register(actioner)
                .increment();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CombinedMetrics metrics = new CombinedMetrics(List.of(() -> broker, () -> actioner, () -> null));
        try (OpsEndpoint ops = OpsEndpoint.fromEnv(
                Env.of(Map.of("CLOUDROUTES_OPS_PORT", String.valueOf(port), OpsAccess.TOKEN_VARIABLE, TOKEN)),
                9104,
                metrics,
                () -> null)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder scrape =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/metrics"));
            assertThat(http.send(scrape.build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);

            String body = http.send(
                            scrape.header("Authorization", "Bearer " + TOKEN).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(body.lines().filter(line -> line.equals("# TYPE cloudroutes_zmq_peers_refused_total counter")))
                    .hasSize(1);
            assertThat(body)
                    .contains(
                            "cloudroutes_zmq_peers_refused_total{process=\"cram-broker\",socket=\"broker-frontend\"} 2.0",
                            "cloudroutes_zmq_peers_refused_total{process=\"crbridge\",socket=\"results\"} 3.0",
                            "cloudroutes_actioner_results_total{outcome=\"folded\",process=\"crbridge\"} 1.0");
        }
        // the registries belong to their processes: the endpoint leaves them open
        assertThat(broker.isClosed()).isFalse();
    }
}
