package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.TestPlane;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker's settings: the body budget, a default that fits a small heap and a clear refusal of one too small to be
 * usable; and the settings it shares with other processes, refused at start by the rules they are refused by there.
 */
class WorkerConfigTest {

    private static Map<String, String> env() {
        return new HashMap<>(TestPlane.env(TestPlane.WORKER));
    }

    @Test
    void aWorkerKeepsUpTo32MebibytesOfPagesByDefault() {
        assertThat(WorkerConfig.fromEnv(Env.of(env())).bodyBudgetBytes()).isEqualTo(32 * 1024 * 1024);
    }

    @Test
    void aBodyBudgetTooSmallForOnePageIsRefusedNamingTheSetting() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_WORKER_BODY_BUDGET_BYTES", "1048576");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CLOUDROUTES_WORKER_BODY_BUDGET_BYTES must be at least 3145731 (one page of 1 MiB and its"
                        + " text, the most one check keeps), but is 1048576");
        env.put("CLOUDROUTES_WORKER_BODY_BUDGET_BYTES", "64MiB");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOUDROUTES_WORKER_BODY_BUDGET_BYTES must be a whole number");
        env.put("CLOUDROUTES_WORKER_BODY_BUDGET_BYTES", "67108864");
        assertThat(WorkerConfig.fromEnv(Env.of(env)).bodyBudgetBytes()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void aSecretKeyThatCannotOpenSecretsStopsTheWorkerAtStartAsItStopsCrwebAndCrbridge() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_SECRET_KEY", "c2hvcnQ=");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY must be 32 bytes in base64 (it has 5)");
        env.put("CLOUDROUTES_SECRET_KEY", SecretBox.newKey() + ",not base64!");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY (key 2) is not base64");
        String key = SecretBox.newKey();
        env.put("CLOUDROUTES_SECRET_KEY", key);
        assertThat(WorkerConfig.fromEnv(Env.of(env)).secretKey()).isEqualTo(key);
    }

    @Test
    void itsZoneAndTheActionersItReportsToAreCheckedByTheRulesCrwebAndCrbridgeUse() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_ZONE", "EU West");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .hasMessageStartingWith("CLOUDROUTES_ZONE must be a zone name (");
        env.put("CLOUDROUTES_ZONE", "eu-west");
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", "crbridge:5557");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .hasMessageStartingWith("CLOUDROUTES_RESULTS_ENDPOINT must list ZeroMQ endpoints (tcp://host:port)")
                .hasMessageContaining("e.g. tcp://crbridge:5557");
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", " , ");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Env.of(env)))
                .hasMessageStartingWith("CLOUDROUTES_RESULTS_ENDPOINT must name at least one endpoint");
    }
}
