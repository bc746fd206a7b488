package io.cloudroutes.checks.webhook;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;

/**
 * A monitor whose status any program reports by calling CloudRoutes: a cron job, a CI pipeline, a monitoring tool
 * without a dedicated integration. Each call says failed or healthy, with an optional reason.
 */
public final class GenericWebhookCheckType implements CheckType {

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public String name() {
        return "Generic webhook";
    }

    @Override
    public String description() {
        return "Any program reports failed or healthy by calling a URL: a CI pipeline, a script, another tool.";
    }

    @Override
    public int rank() {
        return 40;
    }

    /** Who sends the results. */
    @Override
    public String target(Map<String, String> settings) {
        return "sent by your program (generic webhook)";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public boolean pushed() {
        return true;
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        throw new UnsupportedOperationException(
                "webhook monitors are pushed to /api/v1/webhooks/generic/{monitorId}; " + "workers never run them");
    }
}
