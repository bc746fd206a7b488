package io.cloudroutes.checks.push;

import java.util.List;

/**
 * {@code GET}, {@code HEAD} or {@code POST} to {@code /ping/{secret}} and {@code /ping/{secret}/{value}}, as cron jobs
 * ping Healthchecks.io: the secret in the path is the only credential and names the monitor. The reader gets the
 * last segment, if any, as {@link PushDelivery#pathValue()}; crweb adds the start of a POST body (e.g. the tail of
 * the job's log) to the reason of the result it records, and answers in plain text ({@code OK}).
 *
 * @param shown the URLs the monitor's page lists: a label and the value after the secret ({@code ""} for none, or a
 *              placeholder such as {@code <exit-code>})
 */
public record Pings(List<ShownUrl> shown, PushRoute.Reader reader) implements PushRoute {

    public Pings {
        shown = List.copyOf(shown);
    }

    @Override
    public List<PushUrl> urls(String baseUrl, long monitorId, String secret) {
        return ShownUrl.all(
                shown, "GET or POST", value -> baseUrl + PINGS + secret + (value.isEmpty() ? "" : "/" + value));
    }
}
