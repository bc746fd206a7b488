package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Secret settings travel encrypted; the worker opens them for the check, or says why it cannot. */
class CheckRunnerSecretsTest {

    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

    @AfterEach
    void stop() {
        checks.shutdownNow();
    }

    private final SecretScope monitor = SecretScope.monitor(3, "5f0c8e9a-row-of-monitor-7");

    private CheckResult run(Optional<SecretBox> workerKey) {
        return run(workerKey, box.seal(monitor, "token", "s3cret"), monitor);
    }

    private CheckResult run(Optional<SecretBox> workerKey, String sealedToken, SecretScope jobScope) {
        CheckJob job = new CheckJob(
                "job-1",
                7,
                "secret-echo",
                Map.of("token", sealedToken, "expected", "s3cret"),
                1000,
                System.currentTimeMillis(),
                System.currentTimeMillis(),
                "default",
                jobScope);
        return new CheckRunner(
                        CheckType.registry(),
                        checks,
                        "default",
                        "worker-1",
                        () -> false,
                        workerKey,
                        CheckServices.of(Egress.of(EgressPolicy.denyByDefault())))
                .run(job);
    }

    @Test
    void aWorkerWithTheKeyGivesTheCheckThePlainValue() {
        CheckResult result = run(Optional.of(box));
        assertThat(result.status()).isEqualTo(Status.HEALTHY);
        assertThat(result.reason()).isEqualTo("the check got the secret in plain text");
    }

    @Test
    void aWorkerWithoutTheKeyFailsTheCheckSayingWhatToSet() {
        CheckResult result = run(Optional.empty());
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason())
                .isEqualTo("the secret setting 'token' is encrypted and this process has no key: "
                        + "set CLOUDROUTES_SECRET_KEY to the key crweb uses");
    }

    @Test
    void aWorkerWithAnotherKeyFailsTheCheckSayingSo() {
        CheckResult result = run(Optional.of(SecretBox.fromBase64(SecretBox.newKey())));
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).contains("cannot be decrypted: it was sealed under another CLOUDROUTES_SECRET_KEY");
    }

    @Test
    void aSealedValueCopiedFromAnotherPersonsMonitorFailsTheCheckSayingSo() {
        SecretScope someoneElses = SecretScope.monitor(4, "0d1e-row-of-another-monitor");
        CheckResult result = run(Optional.of(box), box.seal(someoneElses, "token", "s3cret"), monitor);
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason())
                .isEqualTo("the secret setting 'token' of this monitor cannot be decrypted: it was "
                        + "sealed under another CLOUDROUTES_SECRET_KEY, altered, or copied from another monitor or account; "
                        + "enter it again on the monitor's edit page");
    }
}
