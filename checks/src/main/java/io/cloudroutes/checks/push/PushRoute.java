package io.cloudroutes.checks.push;

import java.util.List;

/**
 * One way senders deliver a pushed type's results, served by crweb for every monitor of the type. A type declares its
 * routes in the order the monitor's page lists their URLs.
 */
public sealed interface PushRoute permits JsonWebhook, UrlWebhook, Pings {

    /** Where webhook routes live: {@code /api/v1/webhooks/{path}/{monitorId}…}. */
    String WEBHOOKS = "/api/v1/webhooks/";
    /** The header senders put the monitor's secret in (or {@code Authorization: Bearer <secret>}). */
    String SECRET_HEADER = "X-CloudRoutes-Secret";
    /** Where ping routes live: {@code /ping/{secret}…}; the secret alone names the monitor. */
    String PINGS = "/ping/";

    /**
     * The URLs of this route for one monitor, as its page shows them to paste into the sender.
     *
     * @param baseUrl the public URL of the web UI, without a trailing slash
     * @param secret  the monitor's secret, or a placeholder for it once it is no longer shown
     */
    List<PushUrl> urls(String baseUrl, long monitorId, String secret);

    /** Reads one delivery: what the sender reported, and whether to record a result. */
    @FunctionalInterface
    interface Reader {

        /**
         * What the delivery means; throws {@link PayloadException} for a delivery that cannot be read (the sender is
         * answered 400 naming the field, and the delivery is logged as refused).
         */
        PushVerdict read(PushDelivery delivery);
    }

    /** A path segment a type may claim: lower-case letters, digits and dashes. */
    static String checkedPath(String path) {
        if (path == null || !path.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException(
                    "a webhook path is 1 to 40 lower-case letters, digits or dashes, not '" + path + "'");
        }
        return path;
    }
}
