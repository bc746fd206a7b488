package io.cloudroutes.sample;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A job leaves a marker file while it is well (a lock file, a "ready" file): the monitor is HEALTHY while the file
 * exists on the worker's file system and FAILED when it is gone.
 */
public final class MarkerFileCheckType implements PolledCheckType {

    static final String PATH = "path";

    @Override
    public String id() {
        return "marker-file";
    }

    @Override
    public String name() {
        return "Marker file";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.of(PATH, "Path", SettingType.TEXT)
                .asRequired()
                .help("The absolute path of the file, on the worker, e.g. /var/run/backup.ready"));
    }

    @Override
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = PolledCheckType.super.validate(values);
        String path = values.get(PATH);
        if (path != null && !path.isBlank() && !Path.of(path.strip()).isAbsolute()) {
            errors.put(PATH, "Path must be absolute, e.g. /var/run/backup.ready");
        }
        return errors;
    }

    @Override
    public String target(Map<String, String> settings) {
        return settings.getOrDefault(PATH, "");
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        Path marker = Path.of(settings.get(PATH).strip());
        return timeout -> {
            long started = System.nanoTime();
            boolean present = Files.exists(marker);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return present
                    ? CheckOutcome.healthy(marker + " is present", millis)
                    : CheckOutcome.failed("no file at " + marker, millis);
        };
    }
}
