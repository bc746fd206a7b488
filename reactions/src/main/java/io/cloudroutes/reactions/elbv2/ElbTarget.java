package io.cloudroutes.reactions.elbv2;

import java.net.URI;

/**
 * What one aws-elbv2 reaction works on: the credentials, the region and endpoint, and the target in its group.
 *
 * @param endpoint the endpoint override, or null for the region's public endpoint
 * @param port     the target's port, or null for the target group's port
 */
record ElbTarget(
        String accessKeyId,
        String secretAccessKey,
        String region,
        URI endpoint,
        String targetGroupArn,
        String targetId,
        Integer port) {

    /** The endpoint requests go to. */
    URI endpointOrDefault() {
        return endpoint != null ? endpoint : URI.create("https://elasticloadbalancing." + region + ".amazonaws.com/");
    }

    /** e.g. "i-0123456789abcdef0 port 80", or the bare id when the group's port applies. */
    String describeTarget() {
        return targetId + (port == null ? "" : " port " + port);
    }

    @Override
    public String toString() {
        return "ElbTarget[" + accessKeyId + ", ****, " + region + ", " + targetGroupArn + ", " + describeTarget() + "]";
    }
}
