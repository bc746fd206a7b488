package io.cloudroutes.checks.alertmanager;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;

/**
 * A monitor whose status Prometheus Alertmanager decides: a receiver posts its notifications to CloudRoutes, and the
 * monitor is FAILED while any alert routed to it is firing and HEALTHY once all of them are resolved.
 */
public final class AlertmanagerCheckType implements CheckType {

    @Override
    public String id() {
        return "alertmanager";
    }

    @Override
    public String name() {
        return "Prometheus Alertmanager (webhook)";
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
    public Check create(Map<String, String> settings) {
        throw new UnsupportedOperationException("alertmanager monitors are pushed by an Alertmanager receiver to "
                + "/api/v1/webhooks/alertmanager/{monitorId}; workers never run them");
    }
}
