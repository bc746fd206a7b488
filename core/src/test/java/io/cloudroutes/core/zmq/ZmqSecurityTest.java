package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/** The plane's key settings: what a process needs, checked at start with messages that name the setting. */
class ZmqSecurityTest {

    @Test
    void aProcessWithoutItsSecretKeyDoesNotStart() {
        assertThatThrownBy(() -> ZmqSecurity.fromEnv(Env.of(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CLOUDROUTES_ZMQ_SECRET_KEY is required")
                .hasMessageContaining("infra/generate-secrets.sh");
    }

    @Test
    void aMalformedKeyIsNamedWithWhatIsWrong() {
        assertThatThrownBy(() -> ZmqSecurity.fromEnv(
                        Env.of(Map.of(ZmqSecurity.SECRET_KEY, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"))))
                .hasMessage(
                        "CLOUDROUTES_ZMQ_SECRET_KEY must be a CURVE key of 64 hexadecimal digits (32 bytes), as "
                                + "infra/generate-secrets.sh prints them, but has 40 characters that are not all hexadecimal digits");
        assertThatThrownBy(() -> ZmqSecurity.fromEnv(Env.of(Map.of(
                        ZmqSecurity.SECRET_KEY,
                        TestPlane.WORKER.secretKey(),
                        ZmqSecurity.WORKER_PUBLIC_KEYS,
                        TestPlane.WORKER.publicKey() + ",abc"))))
                .hasMessageStartingWith(
                        "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS must be a CURVE key of 64 hexadecimal digits");
    }

    @Test
    void aClientWithoutTheServersPublicKeyDoesNotStart() {
        ZmqSecurity control =
                ZmqSecurity.fromEnv(Env.of(Map.of(ZmqSecurity.SECRET_KEY, TestPlane.CONTROL.secretKey())));
        assertThatThrownBy(control::requireBrokerPublicKey)
                .hasMessageStartingWith("CLOUDROUTES_ZMQ_BROKER_PUBLIC_KEY is required");
    }

    @Test
    void thePublicKeyIsDerivedFromTheSecretOneAsZeroMqDoes() {
        ZMQ.Curve.KeyPair fromZeroMq = ZMQ.Curve.generateKeyPair();
        String secretHex = java.util.HexFormat.of().formatHex(ZMQ.Curve.z85Decode(fromZeroMq.secretKey));
        CurveKeyPair derived = CurveKeyPair.fromSecretKey(secretHex, "test");
        assertThat(ZMQ.Curve.z85Encode(java.util.HexFormat.of().parseHex(derived.publicKey())))
                .isEqualTo(fromZeroMq.publicKey);
        assertThat(derived.toString()).doesNotContain(derived.secretKey());
    }

    @Test
    void listsOfAdmittedKeysTakeSeveralKeysForRotation() {
        CurveKeyPair next = CurveKeyPair.generate();
        ZmqSecurity broker = ZmqSecurity.fromEnv(Env.of(Map.of(
                ZmqSecurity.SECRET_KEY,
                TestPlane.BROKER.secretKey(),
                ZmqSecurity.WORKER_PUBLIC_KEYS,
                " " + TestPlane.WORKER.publicKey().toUpperCase() + " , " + next.publicKey())));
        assertThat(broker.workerPublicKeys()).containsExactlyInAnyOrder(TestPlane.WORKER.publicKey(), next.publicKey());
    }
}
