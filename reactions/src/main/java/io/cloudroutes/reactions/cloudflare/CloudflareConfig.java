package io.cloudroutes.reactions.cloudflare;

import java.net.URI;

/**
 * A validated cloudflare reaction's settings.
 *
 * @param recordName    without the trailing dot and in lower case, as the Cloudflare API shows names
 * @param failedContent the content of the record that is removed on FAILED and re-created on HEALTHY
 * @param ttl           of the re-created record; 1 is automatic
 */
record CloudflareConfig(
        String apiToken,
        URI apiBaseUrl,
        String zoneId,
        String recordName,
        String recordType,
        String failedContent,
        int ttl,
        boolean proxied) {}
