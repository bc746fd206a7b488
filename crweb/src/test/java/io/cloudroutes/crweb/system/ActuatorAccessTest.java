package io.cloudroutes.crweb.system;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.TestPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** crweb's actuator on its public port: health probes are open, metrics need the ops token, a login does not do. */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = {"spring.config.name=crweb", "cloudroutes.ops.token=" + ActuatorAccessTest.TOKEN})
@AutoConfigureMockMvc
class ActuatorAccessTest {

    static final String TOKEN = "9c1e5b7a3d2f4e6a8b0c1d2e3f4a5b6c";

    static TestPostgres postgres;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        postgres = TestInfrastructure.startWithoutRedis(registry);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void metricsAreRefusedWithoutTheToken() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer guessed-token-0000000000"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/info")).andExpect(status().isUnauthorized());
    }

    @Test
    void aSignedInTenantIsNoOperator() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(user("tenant@example.com")))
                .andExpect(status().isForbidden());
    }

    @Test
    void metricsAnswerTheToken() throws Exception {
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("jvm_memory_used_bytes")));
    }

    @Test
    void healthProbesStayOpen() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(content().string(containsString("\"status\"")));
    }
}
