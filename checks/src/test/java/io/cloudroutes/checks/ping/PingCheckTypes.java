package io.cloudroutes.checks.ping;

import io.cloudroutes.checks.PolledCheckType;
import java.nio.file.Path;
import java.util.List;

/** Ping check types for tests in other packages. */
public final class PingCheckTypes {

    /** A ping check type whose ping first writes its arguments to {@code file}, one per line, so a test sees them. */
    public PolledCheckType recording(Path file) {
        return new PingCheckType(
                List.of("sh", "-c", "printf '%s\\n' \"$@\" > '" + file + "'; exec ping \"$@\"", "ping"));
    }
}
