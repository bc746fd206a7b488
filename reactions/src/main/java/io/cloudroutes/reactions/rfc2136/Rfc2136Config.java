package io.cloudroutes.reactions.rfc2136;

import java.util.List;

/**
 * A validated rfc2136 reaction's settings; names are absolute (with the trailing dot).
 *
 * @param tcp whether the update goes over TCP (otherwise UDP)
 */
record Rfc2136Config(
        ServerAddress server,
        String zone,
        String recordName,
        String recordType,
        long ttl,
        List<String> failoverValues,
        List<String> primaryValues,
        String tsigKeyName,
        String tsigAlgorithm,
        String tsigSecret,
        boolean tcp) {}
