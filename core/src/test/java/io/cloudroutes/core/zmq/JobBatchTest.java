package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control → broker message of several jobs: what goes in comes out, in order, and a broken batch is refused. */
class JobBatchTest {

    private static byte[] job(long monitorId) {
        return MessageCodec.toBytes(new CheckJob(
                "job-" + monitorId,
                monitorId,
                "http",
                Map.of("url", "https://example.com/é"),
                5_000,
                1_000,
                1_000,
                "eu"));
    }

    private static List<String> texts(List<byte[]> jobs) {
        return jobs.stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void theJobsOfABatchComeOutAsTheyWentInAndInOrder() {
        JobBatch batch = new JobBatch(50, 64 * 1024);
        List<byte[]> sent = List.of(job(1), job(2), job(3));
        sent.forEach(batch::add);

        byte[] message = batch.message();
        assertThat(message[0]).isZero();
        assertThat(texts(JobBatch.jobsOf(message))).isEqualTo(texts(sent));
        assertThat(MessageCodec.fromBytes(JobBatch.jobsOf(message).get(2), CheckJob.class)
                        .monitorId())
                .isEqualTo(3);
    }

    @Test
    void aLoneJobIsSentAsItsPlainJsonWhichEveryBrokerReads() {
        JobBatch batch = new JobBatch(50, 64 * 1024);
        batch.add(job(7));

        assertThat(batch.message()).isEqualTo(job(7));
        assertThat(texts(JobBatch.jobsOf(job(7)))).containsExactly(new String(job(7), StandardCharsets.UTF_8));
    }

    @Test
    void aBatchTakesNoMoreJobsOrBytesThanItsBoundsButAnEmptyOneTakesAnyJob() {
        JobBatch byCount = new JobBatch(2, 64 * 1024);
        byCount.add(job(1));
        byCount.add(job(2));
        assertThat(byCount.fits(job(3))).isFalse();
        assertThatThrownBy(() -> byCount.add(job(3))).isInstanceOf(IllegalStateException.class);

        int oneJob = job(1).length;
        JobBatch byBytes = new JobBatch(50, 1 + 2 * (4 + oneJob));
        byBytes.add(job(1));
        assertThat(byBytes.fits(job(2))).isTrue();
        byBytes.add(job(2));
        assertThat(byBytes.fits(job(3))).isFalse();
        assertThat(byBytes.message()).hasSize(1 + 2 * (4 + oneJob));

        JobBatch tiny = new JobBatch(50, 10);
        assertThat(tiny.fits(job(1))).isTrue();
        tiny.add(job(1));
        assertThat(tiny.message()).isEqualTo(job(1));

        byBytes.clear();
        assertThat(byBytes.isEmpty()).isTrue();
        assertThat(byBytes.fits(job(9))).isTrue();
    }

    @Test
    void aBatchCutShortOrClaimingMoreBytesThanFollowIsRefusedWithWhatIsWrong() {
        JobBatch batch = new JobBatch(50, 64 * 1024);
        batch.add(job(1));
        batch.add(job(2));
        byte[] message = batch.message();

        assertThatThrownBy(() -> JobBatch.jobsOf(Arrays.copyOf(message, message.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job 2")
                .hasMessageContaining("follow");
        assertThatThrownBy(() -> JobBatch.jobsOf(Arrays.copyOf(message, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length of job 1");
        assertThatThrownBy(() -> JobBatch.jobsOf(new byte[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no job");
        byte[] negative = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, '{', '}'};
        assertThatThrownBy(() -> JobBatch.jobsOf(negative)).isInstanceOf(IllegalArgumentException.class);
    }
}
