package io.cloudroutes.crbridge.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** crbridge's actuator: on loopback by default; metrics and the rebuild need the ops token, health stays open. */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=crbridge", "cloudroutes.ops.token=" + OpsAccessTest.TOKEN})
@DirtiesContext
class OpsAccessTest {

    static final String TOKEN = "f3a1c9e07b5d42e8a6c0d9b1e4f7a2c3";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ServerProperties server;

    @Autowired
    Environment environment;

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackByDefault() {
        assertThat(server.getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void theRebuildAndTheMetricsNeedTheToken() throws Exception {
        HttpResponse<String> rebuild = send("POST", "/actuator/rebuild", null);
        assertThat(rebuild.statusCode()).isEqualTo(401);
        assertThat(rebuild.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(send("POST", "/actuator/rebuild", "Bearer not-the-token-at-all-0000")
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        // a path that only looks like health's is not health
        assertThat(send("GET", "/actuator/health/../prometheus", null).statusCode())
                .isEqualTo(401);

        assertThat(send("POST", "/actuator/rebuild", "Bearer " + TOKEN).body()).contains("monitorsWritten");
        assertThat(send("GET", "/actuator/prometheus", "Bearer " + TOKEN).body())
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthProbesStayOpenAndTellOnlyTheStatus() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
        assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToOpenTheActuatorToTheNetworkWithoutAToken() {
        assertThatThrownBy(() -> CrbridgeApplication.builder()
                        .run(
                                "--server.port=0",
                                "--server.address=0.0.0.0",
                                "--cloudroutes.ops.token=",
                                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password"),
                                "--spring.flyway.user=" + environment.getProperty("spring.flyway.user"),
                                "--spring.flyway.password=" + environment.getProperty("spring.flyway.password"),
                                "--cloudroutes.zmq.secret-key=" + environment.getProperty("cloudroutes.zmq.secret-key"),
                                "--cloudroutes.redis.url=" + environment.getProperty("cloudroutes.redis.url"),
                                "--cloudroutes.results.endpoint=tcp://127.0.0.1:1"))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause()
                .hasMessageContaining("CLOUDROUTES_BRIDGE_ADDRESS=0.0.0.0")
                .hasMessageContaining("set CLOUDROUTES_OPS_TOKEN");
    }
}
