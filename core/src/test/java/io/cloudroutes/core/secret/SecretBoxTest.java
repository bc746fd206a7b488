package io.cloudroutes.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final String key = SecretBox.newKey();
    private final SecretBox box = SecretBox.fromBase64(key);
    private final SecretScope alicesMonitor =
            SecretScope.monitor(1, UUID.randomUUID().toString());

    @Test
    void sealsWithoutPlaintextAndOpensBack() {
        String sealed = box.seal(alicesMonitor, "password", "hunter2-hunter2");
        assertThat(sealed).startsWith("enc:v2:").doesNotContain("hunter2");
        assertThat(box.seal(alicesMonitor, "password", "hunter2-hunter2"))
                .as("a fresh IV each time")
                .isNotEqualTo(sealed);
        assertThat(box.open(alicesMonitor, "password", sealed)).isEqualTo("hunter2-hunter2");
    }

    @Test
    void aValueDoesNotOpenUnderAnotherKeyOrAnotherSettingName() {
        String sealed = box.seal(alicesMonitor, "password", "hunter2");
        assertThatThrownBy(() -> SecretBox.fromBase64(SecretBox.newKey()).open(alicesMonitor, "password", sealed))
                .isInstanceOf(SecretBox.SecretException.class)
                .hasMessage("the secret setting 'password' of this monitor cannot be decrypted: it was sealed under "
                        + "another CLOUDROUTES_SECRET_KEY, altered, or copied from another monitor or account; "
                        + "enter it again on the monitor's edit page");
        assertThatThrownBy(() -> box.open(alicesMonitor, "apiToken", sealed))
                .isInstanceOf(SecretBox.SecretException.class);
    }

    @Test
    void aValueCopiedIntoAnotherRowAnotherOwnersRowOrAnotherKindOfRowDoesNotOpen() {
        String sealed = box.seal(alicesMonitor, "password", "hunter2");
        SecretScope alicesOtherMonitor =
                SecretScope.monitor(1, UUID.randomUUID().toString());
        SecretScope sameRowOtherOwner = SecretScope.monitor(2, alicesMonitor.rowId());
        SecretScope sameRowAsReaction = SecretScope.reaction(1, alicesMonitor.rowId());
        for (SecretScope elsewhere : List.of(alicesOtherMonitor, sameRowOtherOwner, sameRowAsReaction)) {
            assertThatThrownBy(() -> box.open(elsewhere, "password", sealed))
                    .as(elsewhere.toString())
                    .isInstanceOf(SecretBox.SecretException.class);
            assertThat(box.state(elsewhere, "password", sealed)).isEqualTo(SecretBox.State.UNOPENABLE);
        }
        assertThat(box.state(alicesMonitor, "password", sealed)).isEqualTo(SecretBox.State.CURRENT);
    }

    @Test
    void aValueStoredBeforeEncryptionReadsAsItIsAndASealedValueIsNeverSealedAsIfItWereThisRows() {
        assertThat(box.open(alicesMonitor, "password", "plain")).isEqualTo("plain");
        String sealedElsewhere = box.seal(SecretScope.monitor(2, "other"), "password", "x");
        assertThatThrownBy(() -> box.seal(alicesMonitor, "password", sealedElsewhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already sealed");
    }

    @Test
    void everyVersionOfTheSealedFormIsRecognisedAndANewerOneIsExplained() {
        assertThat(SecretBox.isSealed("enc:v1:abc")).isTrue();
        assertThat(SecretBox.isSealed("enc:v2:abc")).isTrue();
        assertThat(SecretBox.isSealed("enc:v17:abc")).isTrue();
        assertThat(SecretBox.isSealed("encrypted: no")).isFalse();
        assertThat(SecretBox.isSealed("x enc:v1:abc")).isFalse();
        assertThat(SecretBox.sealedPrefixOf("enc:v17:abc")).isEqualTo("enc:v17:");
        assertThatThrownBy(() -> box.open(alicesMonitor, "password", "enc:v3:AAAA"))
                .hasMessageContaining("sealed in a form this version does not know (enc:v3:)");
    }

    @Test
    void aValueSealedBeforeValuesWereBoundToTheirRowStillOpensAndIsStale() throws Exception {
        String legacy = sealedTheV1Way(key, "password", "hunter2");
        assertThat(box.open(alicesMonitor, "password", legacy)).isEqualTo("hunter2");
        assertThat(box.state(alicesMonitor, "password", legacy)).isEqualTo(SecretBox.State.STALE);
        String bound = box.reseal(alicesMonitor, "password", legacy);
        assertThat(bound).startsWith("enc:v2:");
        assertThat(box.open(alicesMonitor, "password", bound)).isEqualTo("hunter2");
        assertThatThrownBy(() -> box.open(SecretScope.monitor(1, "another-row"), "password", bound))
                .isInstanceOf(SecretBox.SecretException.class);
    }

    @Test
    void aV2ValueDoesNotOpenWithoutItsRowAsAnOlderProcessWouldSendIt() {
        String sealed = box.seal(alicesMonitor, "password", "hunter2");
        assertThatThrownBy(() -> box.open(null, "password", sealed))
                .hasMessageContaining("was not told which row it belongs to");
    }

    @Test
    void onlySecretSettingsAreSealedAndABadKeyIsExplained() {
        List<Setting> settings = List.of(
                Setting.of("host", "Host", SettingType.HOST),
                Setting.of("password", "Password", SettingType.TEXT).asSecret());
        Map<String, String> sealed =
                SecretSettings.seal(settings, Map.of("host", "db", "password", "pw"), box, alicesMonitor);
        assertThat(sealed.get("host")).isEqualTo("db");
        assertThat(sealed.get("password")).startsWith("enc:v2:");
        assertThat(SecretSettings.open(settings, sealed, Optional.of(box), alicesMonitor))
                .containsEntry("password", "pw");
        assertThatThrownBy(() -> SecretSettings.open(settings, sealed, Optional.empty(), alicesMonitor))
                .hasMessageContaining("set CLOUDROUTES_SECRET_KEY to the key crweb uses");
        assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ="))
                .hasMessage("CLOUDROUTES_SECRET_KEY must be 32 bytes in base64 (it has 5); generate one with "
                        + "'openssl rand -base64 32'");
    }

    @Test
    void aRotatedOutKeyStillOpensAndValuesAreSealedAgainUnderTheNewOne() {
        String oldKey = SecretBox.newKey();
        String sealedUnderOld = SecretBox.fromBase64(oldKey).seal(alicesMonitor, "apiToken", "t0ken");
        SecretBox rotating = SecretBox.fromBase64(SecretBox.newKey() + "," + oldKey);
        assertThat(rotating.open(alicesMonitor, "apiToken", sealedUnderOld)).isEqualTo("t0ken");
        assertThat(rotating.state(alicesMonitor, "apiToken", sealedUnderOld)).isEqualTo(SecretBox.State.STALE);
        String resealed = rotating.reseal(alicesMonitor, "apiToken", sealedUnderOld);
        assertThat(rotating.state(alicesMonitor, "apiToken", resealed)).isEqualTo(SecretBox.State.CURRENT);
        assertThat(rotating.reseal(alicesMonitor, "apiToken", resealed))
                .as("already current: unchanged")
                .isEqualTo(resealed);
        assertThatThrownBy(() -> SecretBox.fromBase64(SecretBox.newKey() + ",c2hvcnQ="))
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY (key 2) must be 32 bytes in base64");
    }

    @Test
    void resealingLeavesAValueThatDoesNotOpenAsItIsAndNamesIt() {
        List<Setting> settings = List.of(
                Setting.of("password", "Password", SettingType.TEXT).asSecret(),
                Setting.of("token", "Token", SettingType.TEXT).asSecret());
        String foreign = SecretBox.fromBase64(SecretBox.newKey()).seal(alicesMonitor, "password", "x");
        Map<String, String> stored = Map.of("password", foreign, "token", "plain-token");
        assertThat(SecretSettings.unopenable(settings, stored, box, alicesMonitor))
                .containsExactly("password");
        assertThat(SecretSettings.needsSealing(settings, stored, box, alicesMonitor))
                .isTrue();
        Map<String, String> resealed = SecretSettings.reseal(settings, stored, box, alicesMonitor);
        assertThat(resealed.get("password")).isEqualTo(foreign);
        assertThat(resealed.get("token")).startsWith("enc:v2:");
        assertThat(SecretSettings.needsSealing(settings, resealed, box, alicesMonitor))
                .isFalse();
    }

    /** A value as earlier versions sealed it: bound to the setting's name only. */
    static String sealedTheV1Way(String base64Key, String name, String value) throws Exception {
        byte[] iv = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "enc:v1:"
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(12 + sealed.length)
                                .put(iv)
                                .put(sealed)
                                .array());
    }
}
