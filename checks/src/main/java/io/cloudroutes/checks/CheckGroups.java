package io.cloudroutes.checks;

import io.cloudroutes.core.plugin.PluginGroup;

/** The groups the new-monitor chooser lists check types under, the commonest first. */
public final class CheckGroups {

    /** Checks a worker runs against a site or a host: HTTP, TCP, DNS, TLS, ping. */
    public static final PluginGroup NETWORK = new PluginGroup("Websites and network services", 10);

    /** Checks a worker runs against a database or cache. */
    public static final PluginGroup DATABASES = new PluginGroup("Databases", 20);

    /** Monitors whose results a sender pushes to CloudRoutes: a job's pings, Datadog, Alertmanager, any program. */
    public static final PluginGroup PUSHED = new PluginGroup("Reported to CloudRoutes by a job or another tool", 30);

    private CheckGroups() {}
}
