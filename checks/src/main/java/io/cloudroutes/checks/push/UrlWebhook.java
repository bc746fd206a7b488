package io.cloudroutes.checks.push;

import java.util.List;

/**
 * {@code GET /api/v1/webhooks/{path}/{monitorId}/{secret}/{value}}, for tools that can only call a URL: the secret and
 * what is reported are in the path, and the reader gets the last segment as {@link PushDelivery#pathValue()} and the
 * query parameters through {@link PushDelivery#query(String)}. Nothing else is read.
 *
 * @param path      the type's path segment, the same as its {@link JsonWebhook}'s if it has one
 * @param valueName what the last segment is, for messages, e.g. {@code status}
 * @param shown     the values the monitor's page lists a URL for, each with its label
 */
public record UrlWebhook(String path, String valueName, List<ShownUrl> shown, PushRoute.Reader reader)
        implements PushRoute {

    public UrlWebhook {
        PushRoute.checkedPath(path);
        shown = List.copyOf(shown);
    }

    @Override
    public List<PushUrl> urls(String baseUrl, long monitorId, String secret) {
        return ShownUrl.all(
                shown, "GET", value -> baseUrl + WEBHOOKS + path + "/" + monitorId + "/" + secret + "/" + value);
    }
}
