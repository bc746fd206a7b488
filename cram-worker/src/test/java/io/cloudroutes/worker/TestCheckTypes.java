package io.cloudroutes.worker;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Check plugins that misbehave as third-party plugins might, found by the worker through the service loader. */
final class TestCheckTypes {

    /** Released after each test so that stuck checks end. */
    static volatile CountDownLatch unstick = new CountDownLatch(1);

    private TestCheckTypes() {}

    /** Ignores its timeout and waits until the test lets it go. */
    public static final class Stuck implements PolledCheckType {
        @Override
        public String id() {
            return "stuck";
        }

        @Override
        public String name() {
            return "Never finishes in time";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public Check create(Map<String, String> settings, CheckServices services) {
            return timeout -> {
                CountDownLatch latch = unstick;
                while (latch.getCount() > 0) {
                    try {
                        latch.await();
                    } catch (InterruptedException ignored) {
                        // a badly written plugin swallows the interrupt and keeps waiting
                    }
                }
                throw new IllegalStateException("released");
            };
        }
    }

    /** Throws instead of returning a FAILED outcome. */
    public static final class Broken implements PolledCheckType {
        @Override
        public String id() {
            return "broken";
        }

        @Override
        public String name() {
            return "Throws";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public Check create(Map<String, String> settings, CheckServices services) {
            return timeout -> {
                throw new IllegalStateException("disk on fire");
            };
        }
    }

    /** Healthy when its secret setting, as the check receives it, equals its expected value. */
    public static final class SecretEcho implements PolledCheckType {
        @Override
        public String id() {
            return "secret-echo";
        }

        @Override
        public String name() {
            return "Compares its secret";
        }

        @Override
        public List<Setting> settings() {
            return List.of(
                    Setting.of("token", "Token", io.cloudroutes.core.plugin.SettingType.TEXT)
                            .asSecret(),
                    Setting.of("expected", "Expected", io.cloudroutes.core.plugin.SettingType.TEXT));
        }

        @Override
        public Check create(Map<String, String> settings, CheckServices services) {
            return timeout -> settings.get("token").equals(settings.get("expected"))
                    ? io.cloudroutes.checks.CheckOutcome.healthy("the check got the secret in plain text", 0)
                    : io.cloudroutes.checks.CheckOutcome.failed("the check got '" + settings.get("token") + "'", 0);
        }
    }
}
