package io.cloudroutes.checks.heartbeat;

import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.core.Status;
import java.util.regex.Pattern;

/**
 * Reads a heartbeat ping, as Healthchecks.io does: {@code /ping/{secret}} reports success, {@code /ping/{secret}/fail}
 * a failure, {@code /ping/{secret}/{exit-code}} the exit code of the job (0 success, 1-255 failure).
 */
final class HeartbeatPing {

    private static final Pattern EXIT_CODE = Pattern.compile("\\d{1,9}");

    private HeartbeatPing() {}

    static PushVerdict read(PushDelivery delivery) {
        String value = delivery.pathValue();
        if (value == null) {
            delivery.reported("success");
            return PushVerdict.record(Status.HEALTHY, "ping received");
        }
        if (value.equals("fail")) {
            delivery.reported("fail");
            return PushVerdict.record(Status.FAILED, "ping reported failure");
        }
        if (!EXIT_CODE.matcher(value).matches()) {
            return new PushVerdict.NotServed();
        }
        int exitCode = Integer.parseInt(value);
        delivery.reported("exit code " + exitCode);
        if (exitCode > 255) {
            throw new PayloadException("exitCode", "exit code must be between 0 and 255");
        }
        return PushVerdict.record(exitCode == 0 ? Status.HEALTHY : Status.FAILED, "exit code " + exitCode);
    }
}
