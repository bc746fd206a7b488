package io.cloudroutes.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

    @Test
    void sealsWithoutPlaintextAndOpensBack() {
        String sealed = box.seal("password", "hunter2-hunter2");
        assertThat(sealed).startsWith("enc:v1:").doesNotContain("hunter2");
        assertThat(box.seal("password", "hunter2-hunter2")).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(box.open("password", sealed)).isEqualTo("hunter2-hunter2");
    }

    @Test
    void aValueDoesNotOpenUnderAnotherKeyOrAnotherSettingName() {
        String sealed = box.seal("password", "hunter2");
        assertThatThrownBy(() -> SecretBox.fromBase64(SecretBox.newKey()).open("password", sealed))
                .isInstanceOf(SecretBox.SecretException.class)
                .hasMessage("the secret setting 'password' cannot be decrypted: it was sealed under another "
                        + "CLOUDROUTES_SECRET_KEY or was altered");
        assertThatThrownBy(() -> box.open("apiToken", sealed)).isInstanceOf(SecretBox.SecretException.class);
    }

    @Test
    void aValueStoredBeforeEncryptionReadsAsItIs() {
        assertThat(box.open("password", "plain")).isEqualTo("plain");
        assertThat(box.seal("password", box.seal("password", "x"))).startsWith("enc:v1:");
    }

    @Test
    void onlySecretSettingsAreSealedAndABadKeyIsExplained() {
        List<Setting> settings = List.of(Setting.of("host", "Host", SettingType.HOST),
                Setting.of("password", "Password", SettingType.TEXT).asSecret());
        Map<String, String> sealed = SecretSettings.seal(settings, Map.of("host", "db", "password", "pw"), box);
        assertThat(sealed.get("host")).isEqualTo("db");
        assertThat(sealed.get("password")).startsWith("enc:v1:");
        assertThat(SecretSettings.open(settings, sealed, Optional.of(box))).containsEntry("password", "pw");
        assertThatThrownBy(() -> SecretSettings.open(settings, sealed, Optional.empty()))
                .hasMessageContaining("set CLOUDROUTES_SECRET_KEY to the key crweb uses");
        assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ="))
                .hasMessage("CLOUDROUTES_SECRET_KEY must be 32 bytes in base64 (it has 5); generate one with "
                        + "'openssl rand -base64 32'");
    }

    @Test
    void aRotatedOutKeyStillOpensAndValuesAreSealedAgainUnderTheNewOne() {
        String oldKey = SecretBox.newKey();
        String sealedUnderOld = SecretBox.fromBase64(oldKey).seal("apiToken", "t0ken");
        SecretBox rotating = SecretBox.fromBase64(SecretBox.newKey() + "," + oldKey);
        assertThat(rotating.open("apiToken", sealedUnderOld)).isEqualTo("t0ken");
        assertThat(rotating.sealedUnderCurrentKey("apiToken", sealedUnderOld)).isFalse();
        String resealed = rotating.reseal("apiToken", sealedUnderOld);
        assertThat(rotating.sealedUnderCurrentKey("apiToken", resealed)).isTrue();
        assertThat(rotating.reseal("apiToken", resealed)).as("already current: unchanged").isEqualTo(resealed);
        assertThatThrownBy(() -> SecretBox.fromBase64(SecretBox.newKey() + ",c2hvcnQ="))
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY (key 2) must be 32 bytes in base64");
    }
}
