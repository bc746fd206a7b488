package io.cloudroutes.crweb.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The single sign-on settings are checked at start and name what is wrong. */
class SsoSettingsTest {

    private static SsoProperties.Provider provider(String id, String issuer, String secret) {
        return new SsoProperties.Provider(
                id, "Okta", issuer, "client", secret, List.of("openid", "email"), List.of("@Example.COM"), false);
    }

    @Test
    void aPlainHttpIssuerElsewhereThanThisMachineIsRefused() {
        assertThatThrownBy(() -> new SsoProperties(List.of(provider("okta", "http://idp.example.com", "s"))))
                .hasMessageContaining("cloudroutes.sso.providers[0].issuer-uri must be an https:// URL");
    }

    @Test
    void aMissingClientSecretIsNamed() {
        assertThatThrownBy(() -> new SsoProperties(List.of(provider("okta", "https://idp.example.com", " "))))
                .hasMessageContaining("cloudroutes.sso.providers[0].client-secret is required")
                .hasMessageContaining("CLOUDROUTES_SSO_PROVIDERS_0_CLIENT_SECRET");
    }

    @Test
    void twoProvidersWithOneIdAreRefused() {
        assertThatThrownBy(() -> new SsoProperties(List.of(
                        provider("okta", "https://a.example.com", "s"),
                        provider("okta", "https://b.example.com", "s"))))
                .hasMessageContaining("cloudroutes.sso.providers[1].id 'okta' is used by an earlier provider");
    }

    @Test
    void anIdThatCannotBePartOfTheRedirectUriIsRefused() {
        assertThatThrownBy(() -> new SsoProperties(List.of(provider("Okta Prod", "https://a.example.com", "s"))))
                .hasMessageContaining("cloudroutes.sso.providers[0].id must be 1 to 40 lower-case letters");
    }

    @Test
    void scopesWithoutEmailAreRefused() {
        SsoProperties.Provider noEmail = new SsoProperties.Provider(
                "okta", "Okta", "https://a.example.com", "c", "s", List.of("openid"), List.of(), false);
        assertThatThrownBy(() -> new SsoProperties(List.of(noEmail)))
                .hasMessageContaining("scopes must include openid and email");
    }

    @Test
    void domainsAreComparedWithoutCaseOrAtSign() {
        SsoProperties.Provider okta = provider("okta", "https://a.example.com", "s");
        assertThat(okta.allowsDomainOf("ada@EXAMPLE.com")).isTrue();
        assertThat(okta.allowsDomainOf("ada@example.com.evil.org")).isFalse();
    }

    @Test
    void theClientSecretIsNeverInTheSettingsText() {
        assertThat(provider("okta", "https://a.example.com", "very-secret-value")
                        .toString())
                .doesNotContain("very-secret-value")
                .contains("clientSecret=(hidden)");
    }
}
