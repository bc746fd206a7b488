package io.cloudroutes.reactions.route53;

import java.net.URI;
import java.util.List;

/**
 * A validated route53 reaction's settings.
 *
 * @param recordName       absolute (with the trailing dot), as Route 53 stores it
 * @param endpointOverride null for the real Route 53 API
 */
record Route53Config(
        String accessKeyId,
        String secretAccessKey,
        String hostedZoneId,
        String recordName,
        String recordType,
        long ttl,
        List<String> failoverValues,
        List<String> primaryValues,
        URI endpointOverride) {

    /** The API endpoint the SDK talks to. */
    URI endpoint() {
        return endpointOverride != null ? endpointOverride : URI.create("https://route53.amazonaws.com");
    }
}
