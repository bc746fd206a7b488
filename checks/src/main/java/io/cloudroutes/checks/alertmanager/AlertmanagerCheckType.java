package io.cloudroutes.checks.alertmanager;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;

/**
 * A monitor whose status Prometheus Alertmanager decides: a receiver posts its notifications to CloudRoutes, and the
 * monitor is FAILED while any alert routed to it is firing and HEALTHY once all of them are resolved.
 */
public final class AlertmanagerCheckType implements PushedCheckType {

    @Override
    public String id() {
        return "alertmanager";
    }

    @Override
    public String name() {
        return "Prometheus Alertmanager (webhook)";
    }

    @Override
    public String description() {
        return "Prometheus Alertmanager decides: FAILED while an alert routed here fires, HEALTHY once all resolve.";
    }

    @Override
    public int rank() {
        return 30;
    }

    /** Who sends the results. */
    @Override
    public String target(Map<String, String> settings) {
        return "sent by a Prometheus Alertmanager receiver";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }
}
