package io.cloudroutes.reactions.route53;

/** Hosted zone IDs as users paste them: bare (Z0123…) or as the console's /hostedzone/Z0123… path. */
final class HostedZone {

    private static final String PREFIX = "/hostedzone/";

    private HostedZone() {}

    static String bare(String id) {
        String trimmed = id.trim();
        return trimmed.startsWith(PREFIX) ? trimmed.substring(PREFIX.length()) : trimmed;
    }

    static boolean isValid(String id) {
        return bare(id).matches("[A-Z0-9]{1,32}");
    }
}
