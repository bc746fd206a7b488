package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.TestPlane;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body budget setting: a default that fits a small heap, and a clear refusal of one too small to be usable. */
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
}
