package io.cloudroutes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublicUrlsTest {

    @Test
    void aConfiguredPublicUrlWinsWithoutItsTrailingSlashes() {
        assertThat(PublicUrls.resolve("https://cr.example.com//", "127.0.0.1", 18950))
                .isEqualTo("https://cr.example.com");
    }

    @Test
    void withoutOneTheLinksPointWhereTheUiIsServed() {
        assertThat(PublicUrls.resolve(null, "127.0.0.1", 18950)).isEqualTo("http://127.0.0.1:18950");
        assertThat(PublicUrls.resolve("  ", "192.0.2.7", 9000)).isEqualTo("http://192.0.2.7:9000");
        assertThat(PublicUrls.resolve(null, "::1", 8080)).isEqualTo("http://[::1]:8080");
        assertThat(PublicUrls.resolve(null, "ui.internal", 8080)).isEqualTo("http://ui.internal:8080");
    }

    @Test
    void aUiOnEveryInterfaceIsLinkedAsLocalhost() {
        for (String everyInterface : new String[] {null, "", "0.0.0.0", "::"}) {
            assertThat(PublicUrls.servedAt(everyInterface, 18950))
                    .as("%s", everyInterface)
                    .isEqualTo("http://localhost:18950");
        }
    }

    @Test
    void aPortThatIsNotRealIsRefused() {
        assertThatThrownBy(() -> PublicUrls.servedAt("127.0.0.1", 0)).hasMessageContaining("between 1 and 65535");
    }
}
