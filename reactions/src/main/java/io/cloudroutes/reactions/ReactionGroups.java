package io.cloudroutes.reactions;

import io.cloudroutes.core.plugin.PluginGroup;

/** The groups the new-reaction chooser lists reaction types under, the commonest first. */
public final class ReactionGroups {

    /** Tell people: email, chat, paging, a webhook. */
    public static final PluginGroup NOTIFY = new PluginGroup("Tell people", 10);

    /** Move traffic away from what failed: DNS failover, load balancers. */
    public static final PluginGroup TRAFFIC = new PluginGroup("Move traffic away (DNS failover, load balancers)", 20);

    /** Repair the server itself: restart a service, reboot, call an automation API. */
    public static final PluginGroup SERVERS = new PluginGroup("Repair servers (restart, reboot, run a job)", 30);

    private ReactionGroups() {}
}
