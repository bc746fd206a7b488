package io.cloudroutes.reactions.awsec2;

import java.net.URI;
import software.amazon.awssdk.regions.Region;

/**
 * The instance to act on, what to do and how to reach the EC2 API.
 *
 * @param endpoint null for AWS's own endpoint of the region
 */
record Ec2Target(
        String instanceId, String action, Region region, String accessKeyId, String secretAccessKey, URI endpoint) {

    @Override
    public String toString() {
        return "Ec2Target[" + instanceId + ", " + action + ", " + region + ", " + accessKeyId + ", ****]";
    }
}
