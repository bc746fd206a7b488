package io.cloudroutes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker's, control's and worker's health and metrics endpoints: on loopback by default, a token otherwise. */
class OpsEndpointTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final List<OpsEndpoint> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(OpsEndpoint::close);
    }

    private OpsEndpoint fromEnv(Map<String, String> env, String problem) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.put("CLOUDROUTES_OPS_PORT", String.valueOf(port));
        OpsEndpoint ops = OpsEndpoint.fromEnv(Env.of(withPort), 9101, "test", meters -> {}, () -> problem);
        started.add(ops);
        return ops;
    }

    private static HttpResponse<String> get(OpsEndpoint ops, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackUnlessToldOtherwise() throws Exception {
        OpsEndpoint ops = fromEnv(Map.of(), null);
        assertThat(ops.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(get(ops, "/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAToken() {
        assertThatThrownBy(() -> fromEnv(Map.of("CLOUDROUTES_OPS_ADDRESS", "0.0.0.0"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOUDROUTES_OPS_ADDRESS=0.0.0.0")
                .hasMessageContaining("set CLOUDROUTES_OPS_TOKEN");
    }

    @Test
    void refusesATokenTooShortToBeSecret() {
        assertThatThrownBy(() -> fromEnv(Map.of("CLOUDROUTES_OPS_TOKEN", "secret"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOUDROUTES_OPS_TOKEN must be at least 16 characters");
    }

    @Test
    void withATokenMetricsNeedItAndHealthTellsOnlyItsStatusWithout() throws Exception {
        PrometheusMeterRegistry registry = OpsEndpoint.newRegistry("test");
        OpsEndpoint ops = OpsEndpoint.start(
                "127.0.0.1", 0, registry, () -> "no word from the broker at tcp://10.1.2.3:5556", OpsAccess.of(TOKEN));
        started.add(ops);

        HttpResponse<String> anonymous = get(ops, "/metrics", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("jvm_").contains("Authorization: Bearer <CLOUDROUTES_OPS_TOKEN>");
        assertThat(get(ops, "/metrics", "Bearer wrong-token-of-some-length").statusCode())
                .isEqualTo(401);
        assertThat(get(ops, "/metrics", "Bearer " + TOKEN).body()).contains("jvm_memory_used_bytes");

        assertThat(get(ops, "/health", null).body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(get(ops, "/health", "Bearer " + TOKEN).body()).contains("no word from the broker");
    }
}
