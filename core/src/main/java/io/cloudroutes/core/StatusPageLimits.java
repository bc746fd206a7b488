package io.cloudroutes.core;

import java.util.Set;

/**
 * The limits of what a public status page and its incident notes may be, each defined once with the words that tell a
 * user a value is out of them (like {@link Limits}). The forms and the API validate against them, and the schema (V26)
 * holds the same numbers in its CHECK constraints and column lengths.
 */
public final class StatusPageLimits {

    private StatusPageLimits() {}

    /** The page's address, {@code /status/{slug}}: unique among all teams. */
    public static final class Slug {
        public static final int MIN_LENGTH = 2;
        public static final int MAX_LENGTH = 60;
        public static final String PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";
        public static final String MESSAGE = "a slug has " + MIN_LENGTH + " to " + MAX_LENGTH
                + " characters: lower-case letters, digits and single hyphens between them (e.g. acme-shop)";
        /** Words the product keeps for itself or that would read as official: refused as slugs. */
        public static final Set<String> RESERVED = Set.of(
                "admin",
                "api",
                "app",
                "assets",
                "cloudroutes",
                "css",
                "dashboard",
                "docs",
                "edit",
                "help",
                "js",
                "json",
                "login",
                "new",
                "security",
                "signup",
                "static",
                "status",
                "support",
                "www");

        public static final String RESERVED_MESSAGE = "this slug is kept by CloudRoutes; choose another";
        public static final String TAKEN_MESSAGE = "this slug is taken; choose another";

        private Slug() {}
    }

    /** The page's title, shown as its heading. */
    public static final class Title {
        public static final int MAX_LENGTH = 120;
        public static final String MESSAGE = "a title has 1 to " + MAX_LENGTH + " characters";

        private Title() {}
    }

    /** The text under the title. */
    public static final class Description {
        public static final int MAX_LENGTH = 1000;
        public static final String MESSAGE = "a description has at most " + MAX_LENGTH + " characters";

        private Description() {}
    }

    /** A host name the page is also served at (its own DNS name pointing at CloudRoutes). */
    public static final class CustomDomain {
        public static final int MAX_LENGTH = 253;
        /** Two or more labels of letters, digits and inner hyphens, the last one not all digits: no address, no port. */
        public static final String PATTERN =
                "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?";

        public static final String MESSAGE = "a custom domain is a host name such as status.example.com (no scheme,"
                + " port or path), at most " + MAX_LENGTH + " characters";
        public static final String TAKEN_MESSAGE = "this domain is in use by another status page; choose another";
        public static final String OURS_MESSAGE =
                "this is the address of CloudRoutes itself (or a name under it); use a host name of yours";
        public static final String OFF_MESSAGE = "custom domains are off: the operator must set CLOUDROUTES_PUBLIC_URL"
                + " (the address CloudRoutes is reached at) first; until then the page is at /status/{slug} only";
        /** The name under the domain whose TXT record proves that the page's team controls it. */
        public static final String CHALLENGE_PREFIX = "_cloudroutes-challenge.";
        /** What the TXT record holds before the page's token. */
        public static final String TXT_VALUE_PREFIX = "cloudroutes-domain-verification=";

        private CustomDomain() {}
    }

    /** The groups of a page and the monitors in them. */
    public static final class Groups {
        public static final int MOST = 20;
        public static final int NAME_MAX_LENGTH = 80;
        public static final String MESSAGE = "at most " + MOST + " groups, each named with 1 to " + NAME_MAX_LENGTH
                + " characters and each name once";
        public static final int MOST_MONITORS = 100;
        public static final String MONITORS_MESSAGE = "at most " + MOST_MONITORS + " monitors on a page, each once";

        private Groups() {}
    }

    /** An incident note: a title and a timeline of updates. */
    public static final class Incident {
        public static final int TITLE_MAX_LENGTH = 200;
        public static final String TITLE_MESSAGE = "a title has 1 to " + TITLE_MAX_LENGTH + " characters";
        public static final int BODY_MAX_LENGTH = 5000;
        public static final String BODY_MESSAGE = "an update has 1 to " + BODY_MAX_LENGTH + " characters of text";

        private Incident() {}
    }
}
