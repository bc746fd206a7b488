package io.cloudroutes.checks.push;

import java.util.List;

/**
 * {@code POST /api/v1/webhooks/{path}/{monitorId}} with a JSON object (or a form-encoded body, read as an object of its
 * fields): the way monitoring systems such as Datadog and Alertmanager notify. The reader gets the body as
 * {@link PushDelivery#payload()}.
 *
 * @param path        the type's path segment, unique among the installed types
 * @param secretPlace where senders put the monitor's secret
 * @param label       what the monitor's page calls the URL, e.g. {@code Datadog webhook URL}
 */
public record JsonWebhook(String path, SecretPlace secretPlace, String label, PushRoute.Reader reader)
        implements PushRoute {

    public JsonWebhook {
        PushRoute.checkedPath(path);
    }

    @Override
    public List<PushUrl> urls(String baseUrl, long monitorId, String secret) {
        return List.of(new PushUrl(label, "POST", baseUrl + WEBHOOKS + path + "/" + monitorId));
    }
}
