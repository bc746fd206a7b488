package io.cloudroutes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ops token rule every process applies. */
class OpsAccessTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutATokenNothingPresentsOneAndOnlyALoopbackListenerLetsEveryoneIn() {
        OpsAccess none = OpsAccess.of("");
        assertThat(none.presentsToken("Bearer ")).isFalse();
        assertThat(none.presentsToken("Bearer anything-at-all-000000")).isFalse();
        assertThat(none.permits(null)).isTrue();
    }

    @Test
    void theTokenMustBePresentedExactlyAsABearerCredential() {
        OpsAccess access = OpsAccess.of(TOKEN);
        assertThat(access.presentsToken("Bearer " + TOKEN)).isTrue();
        assertThat(access.presentsToken("bearer " + TOKEN)).isTrue();
        assertThat(access.presentsToken("Basic " + TOKEN)).isFalse();
        assertThat(access.presentsToken("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(access.presentsToken(TOKEN)).isFalse();
        assertThat(access.permits(null)).isFalse();
    }
}
