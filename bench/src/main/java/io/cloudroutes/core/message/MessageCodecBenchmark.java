package io.cloudroutes.core.message;

import io.cloudroutes.bench.HotPathBenchmark;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.secret.SecretScope;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What {@link MessageCodec} costs per message on the wire: a {@link CheckJob} as bytes (control to broker to worker over
 * ZeroMQ) and a {@link CheckResult} as bytes (worker to actioner) and as a JSON string (the results stream, the recent
 * list the fold appends to).
 */
public class MessageCodecBenchmark extends HotPathBenchmark {

    /** An http job as a control sends it: the settings of a monitor with an expected status and a keyword. */
    private final CheckJob job = new CheckJob(
            "3f0c2a9e-6d4b-4b8e-9a51-0c1d2e3f4a5b",
            104_729,
            "http",
            Map.of(
                    "url",
                    "https://shop.example.com/health",
                    "method",
                    "GET",
                    "expectedStatus",
                    "200-299",
                    "keyword",
                    "ok",
                    "followRedirects",
                    "true",
                    "verifyTls",
                    "true"),
            10_000,
            1_764_739_200_000L,
            1_764_739_200_003L,
            "eu-west",
            SecretScope.monitor(7, "6f1c-seal"));

    private final CheckResult result = CheckResult.checked(
            job,
            "eu-west",
            "worker-eu-west-1",
            Status.FAILED,
            "expected status 200-299 but got 503",
            12,
            1_764_739_200_015L);
    private final byte[] jobBytes = MessageCodec.toBytes(job);
    private final byte[] resultBytes = MessageCodec.toBytes(result);
    private final String resultJson = MessageCodec.toJson(result);

    @Benchmark
    public byte[] encodeCheckJobToBytes() {
        return MessageCodec.toBytes(job);
    }

    @Benchmark
    public CheckJob decodeCheckJobFromBytes() {
        return MessageCodec.fromBytes(jobBytes, CheckJob.class);
    }

    @Benchmark
    public byte[] encodeCheckResultToBytes() {
        return MessageCodec.toBytes(result);
    }

    @Benchmark
    public CheckResult decodeCheckResultFromBytes() {
        return MessageCodec.fromBytes(resultBytes, CheckResult.class);
    }

    @Benchmark
    public String encodeCheckResultToJson() {
        return MessageCodec.toJson(result);
    }

    @Benchmark
    public CheckResult decodeCheckResultFromJson() {
        return MessageCodec.fromJson(resultJson, CheckResult.class);
    }
}
