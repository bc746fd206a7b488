package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.secret.SecretScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void checkJobSurvivesTheWire() {
        CheckJob job = new CheckJob("j1", 7, "http", Map.of("url", "http://x"), 5000, 1000, 1001, "eu-west");
        assertThat(MessageCodec.fromBytes(MessageCodec.toBytes(job), CheckJob.class))
                .isEqualTo(job);
    }

    @Test
    void theRowSecretsAreSealedForTravelsFromTheDefinitionToTheJobAndIsAbsentFromOlderMessages() {
        MonitorDefinition def = new MonitorDefinition(
                1,
                2,
                "api",
                "tcp",
                Map.of(),
                30,
                5,
                2,
                1,
                true,
                List.of("default"),
                Quorum.MAJORITY,
                null,
                "6f1c-seal");
        MonitorDefinition read = MessageCodec.fromJson(MessageCodec.toJson(def), MonitorDefinition.class);
        assertThat(read.secretScope()).isEqualTo(SecretScope.monitor(2, "6f1c-seal"));
        CheckJob job = new CheckJob("j1", 1, "tcp", Map.of(), 5000, 1000, 1001, "default", read.secretScope());
        assertThat(MessageCodec.fromJson(MessageCodec.toJson(job), CheckJob.class)
                        .secretScope())
                .isEqualTo(SecretScope.monitor(2, "6f1c-seal"));
        assertThat(MessageCodec.fromJson(
                                "{\"jobId\":\"j\",\"monitorId\":1,\"checkType\":\"tcp\",\"settings\":{},"
                                        + "\"timeoutMillis\":1,\"dueAtMillis\":1,\"issuedAtMillis\":1,\"zone\":\"default\"}",
                                CheckJob.class)
                        .secretScope())
                .isNull();
    }

    @Test
    void checkResultSurvivesTheWire() {
        CheckResult result = CheckResult.checked("r1", 7, "default", "w1", Status.FAILED, "connection refused", 12, 99);
        assertThat(MessageCodec.fromJson(MessageCodec.toJson(result), CheckResult.class))
                .isEqualTo(result);
    }

    @Test
    void aCheckResultIsTheseFieldsByTheseNamesOnTheWireWhicheverFactoryMadeIt() {
        // workers and actioners of different versions exchange it: no factory or accessor adds a field
        assertThat(MessageCodec.toJson(
                        CheckResult.checked("r1", 7, "default", "w1", Status.FAILED, "connection refused", 12, 99)))
                .isEqualTo("{\"resultId\":\"r1\",\"monitorId\":7,\"status\":\"FAILED\","
                        + "\"reason\":\"connection refused\",\"latencyMillis\":12,\"zone\":\"default\","
                        + "\"source\":\"w1\",\"checkedAtMillis\":99,\"abstaining\":false}");
        assertThat(MessageCodec.toJson(CheckResult.late(7, 1_000, "no ping")))
                .isEqualTo("{\"resultId\":\"late:7:1000\",\"monitorId\":7,\"status\":\"FAILED\","
                        + "\"reason\":\"no ping\",\"latencyMillis\":0,\"zone\":\"heartbeat\","
                        + "\"source\":\"deadline\",\"checkedAtMillis\":1000,\"abstaining\":false}");
    }

    @Test
    void monitorDefinitionSurvivesTheWire() {
        MonitorDefinition def = new MonitorDefinition(
                1,
                2,
                "api",
                "tcp",
                Map.of("host", "h", "port", "80"),
                30,
                5,
                2,
                1,
                true,
                List.of("eu-west", "us-east"),
                Quorum.ALL_HEALTHY);
        assertThat(MessageCodec.fromJson(MessageCodec.toJson(def), MonitorDefinition.class))
                .isEqualTo(def);
    }

    @Test
    void aDefinitionCarriesItsReactionsTriggersSortedOnceAndOneWithoutThemLeavesThemUnknown() {
        MonitorDefinition def = new MonitorDefinition(
                1,
                2,
                "api",
                "tcp",
                Map.of(),
                30,
                5,
                2,
                1,
                true,
                List.of("default"),
                Quorum.MAJORITY,
                null,
                "seal",
                Map.of(Status.FAILED, List.of(5, 3, 5), Status.HEALTHY, List.of()));
        MonitorDefinition read = MessageCodec.fromJson(MessageCodec.toJson(def), MonitorDefinition.class);
        assertThat(read.reactionTriggersOn(Status.FAILED)).containsExactly(3, 5);
        assertThat(read.reactionTriggersOn(Status.HEALTHY)).isEmpty();

        String older = MessageCodec.toJson(new MonitorDefinition(
                        1,
                        2,
                        "api",
                        "tcp",
                        Map.of(),
                        30,
                        5,
                        2,
                        1,
                        true,
                        List.of("default"),
                        Quorum.MAJORITY,
                        null,
                        "seal"))
                .replace(",\"reactionTriggers\":null", "");
        assertThat(older).doesNotContain("reactionTriggers");
        assertThat(MessageCodec.fromJson(older, MonitorDefinition.class).reactionTriggersOn(Status.FAILED))
                .isNull();
    }

    @Test
    void aResultWithoutTheAbstainingFieldVotes() {
        CheckResult result = MessageCodec.fromJson(
                "{\"resultId\":\"r\",\"monitorId\":1,\"status\":\"FAILED\","
                        + "\"reason\":\"down\",\"latencyMillis\":0,\"zone\":\"webhook\",\"source\":\"datadog\","
                        + "\"checkedAtMillis\":5}",
                CheckResult.class);
        assertThat(result.abstaining()).isFalse();
        CheckResult abstaining = CheckResult.abstained("r", 1, "eu", "w", Status.FAILED, "x", 0, 5);
        assertThat(MessageCodec.fromJson(MessageCodec.toJson(abstaining), CheckResult.class)
                        .abstaining())
                .isTrue();
    }

    @Test
    void malformedJsonIsReportedWithTheExpectedType() {
        assertThatThrownBy(() -> MessageCodec.fromJson("{nope", CheckResult.class))
                .isInstanceOf(MessageCodec.MalformedMessageException.class)
                .hasMessageContaining("CheckResult");
    }

    @Test
    void aResultCannotBeUnknown() {
        assertThatThrownBy(() -> new CheckResult("r", 1, Status.UNKNOWN, "", 0, "z", "s", 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
