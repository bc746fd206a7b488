package io.cloudroutes.checks.webhook;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.SecretPlace;
import io.cloudroutes.checks.push.ShownUrl;
import io.cloudroutes.checks.push.UrlWebhook;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Map;

/**
 * A monitor whose status any program reports by calling CloudRoutes: a cron job, a CI pipeline, a monitoring tool
 * without a dedicated integration. Each call says failed or healthy, with an optional reason.
 */
public final class GenericWebhookCheckType implements PushedCheckType {

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

    /** A JSON POST with the status, or a GET with the secret and the status in the URL. */
    @Override
    public List<PushRoute> routes() {
        return List.of(
                new JsonWebhook(
                        "generic", SecretPlace.HEADER_OR_BODY, "Report a status (JSON body)", StatusReport::fromBody),
                new UrlWebhook(
                        "generic",
                        "status",
                        List.of(new ShownUrl("Report failed", "failed"), new ShownUrl("Report healthy", "healthy")),
                        StatusReport::fromUrl));
    }
}
