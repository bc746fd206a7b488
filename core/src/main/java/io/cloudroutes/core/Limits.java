package io.cloudroutes.core;

/**
 * The limits of what a monitor and a reaction may be configured with, each defined once, with the words that tell a
 * user a value is out of them. The forms and the API validate against them (Bean Validation takes these constants, and
 * the messages are built from them), the actioner counts up to {@link TriggerCount#MAX}, and the schema holds the same
 * numbers in its CHECK constraints and column lengths: store's {@code SchemaLimitsTest} reads those from a migrated
 * PostgreSQL and compares them with these, so that neither can change without the other. The messages are what users
 * see next to a field and in API errors: they stay word for word.
 */
public final class Limits {

    private Limits() {}

    /** The name of a monitor or a reaction. */
    public static final class Name {
        public static final int MAX_LENGTH = 120;
        public static final String MESSAGE = "a name has at most " + MAX_LENGTH + " characters";

        private Name() {}
    }

    /** The id of a check type or a reaction type. */
    public static final class TypeId {
        public static final int MAX_LENGTH = 40;
        public static final String CHECK_MESSAGE =
                "a check type id has at most " + MAX_LENGTH + " characters; see /api/v1/check-types";
        public static final String REACTION_MESSAGE =
                "a reaction type id has at most " + MAX_LENGTH + " characters; see /api/v1/reaction-types";

        private TypeId() {}
    }

    /**
     * How often a monitor is checked. The operator narrows the range (cloudroutes.monitors.min-interval-seconds and
     * max-interval-seconds), so the message names the range in force.
     */
    public static final class IntervalSeconds {
        public static final int MIN = 1;
        public static final int MAX = 86_400;

        private IntervalSeconds() {}

        /** The message for an interval outside the operator's range {@code min} to {@code max}. */
        public static String message(int min, int max) {
            return "the interval is between " + min + " and " + max + " seconds";
        }
    }

    /** How long one check may take. */
    public static final class CheckTimeoutSeconds {
        public static final int MIN = 1;
        public static final int MAX = 300;
        public static final String MESSAGE = "the timeout is between " + MIN + " and " + MAX + " seconds";

        private CheckTimeoutSeconds() {}
    }

    /** How many failures in a row make a monitor FAILED. */
    public static final class FailThreshold {
        public static final int MIN = 1;
        public static final int MAX = 100;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " failures in a row";

        private FailThreshold() {}
    }

    /** How many successes in a row make a monitor HEALTHY again. */
    public static final class RecoverThreshold {
        public static final int MIN = 1;
        public static final int MAX = 100;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " successes in a row";

        private RecoverThreshold() {}
    }

    /** The zones a monitor is checked from, each a zone name of at most {@link ZoneNames#MAX_LENGTH} characters. */
    public static final class Zones {
        public static final int MOST = 10;
        public static final String MESSAGE = "at most " + MOST + " zones";
        /** The longest list of zones as typed (names, commas and spaces). */
        public static final int MAX_TYPED_LENGTH = 500;

        public static final String TYPED_MESSAGE =
                "at most " + MOST + " zones of at most " + ZoneNames.MAX_LENGTH + " characters each";
        /** The longest list of zones as stored: the most zones of the longest names, between commas. */
        public static final int MAX_STORED_LENGTH = MOST * ZoneNames.MAX_LENGTH + (MOST - 1);

        private Zones() {}
    }

    /**
     * The tags of a monitor: short lower-case words people filter the dashboard by and select monitors with (maintenance
     * windows, status pages). Letters, digits and {@code - _ . :}, starting with a letter or digit.
     */
    public static final class Tags {
        public static final int MOST = 20;
        public static final int MAX_LENGTH = 40;
        public static final String PATTERN = "[a-z0-9][a-z0-9._:-]*";
        public static final String MESSAGE = "at most " + MOST + " tags of at most " + MAX_LENGTH
                + " characters each: lower-case letters, digits and - _ . :, starting with a letter or digit";

        private Tags() {}
    }

    /** The reactions attached to one monitor. */
    public static final class AttachedReactions {
        public static final int MOST = 1000;
        public static final String MESSAGE = "attach at most " + MOST + " reactions";

        private AttachedReactions() {}
    }

    /** The monitors one monitor depends on (its parents); a few balancers or gateways, not a whole fleet. */
    public static final class Dependencies {
        public static final int MOST = 20;
        public static final String MESSAGE = "a monitor depends on at most " + MOST
                + " monitors; depend on the few shared ones (a load balancer, a gateway) rather than on every sibling";

        private Dependencies() {}
    }

    /**
     * After how many consecutive results of its status a reaction runs (1 = at the transition). The actioner counts an
     * episode's results up to {@link #MAX}; past it no reaction can be due.
     */
    public static final class TriggerCount {
        public static final int MIN = 1;
        public static final int MAX = 1000;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " results";

        private TriggerCount() {}
    }

    /** The least seconds between two runs of a reaction for the same monitor (0 = no limit). */
    public static final class FrequencySeconds {
        public static final int MIN = 0;
        public static final int MAX = 604_800;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " seconds (one week)";

        private FrequencySeconds() {}
    }

    /** How long one run of a reaction may take, retries included. */
    public static final class RunTimeoutSeconds {
        public static final int MIN = 1;
        public static final int MAX = 600;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " seconds";

        private RunTimeoutSeconds() {}
    }

    /** How many times a run of a reaction may try (1 = no retry). */
    public static final class MaxAttempts {
        public static final int MIN = 1;
        public static final int MAX = 10;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " attempts";

        private MaxAttempts() {}
    }

    /** A reaction's escalation step among the monitor's reactions due together (1 = first). */
    public static final class EscalationStep {
        public static final int MIN = 1;
        public static final int MAX = 20;
        public static final String MESSAGE = "steps are numbered " + MIN + " to " + MAX;

        private EscalationStep() {}
    }

    /** The seconds an escalation step waits after the previous one ran (0 = none). */
    public static final class EscalationWaitSeconds {
        public static final int MIN = 0;
        public static final int MAX = 86_400;
        public static final String MESSAGE = "between " + MIN + " and " + MAX + " seconds (one day)";

        private EscalationWaitSeconds() {}
    }

    /** The seconds within which the monitor must recover after a run, for the run to count as having worked. */
    public static final class VerifyWithinSeconds {
        public static final int MIN = 10;
        public static final int MAX = 86_400;
        public static final String MESSAGE =
                "between " + MIN + " and " + MAX + " seconds (one day), or empty for no check";

        private VerifyWithinSeconds() {}
    }

    /** How long a reaction run that needs a person's approval waits for it before its timeout rule applies. */
    public static final class ApprovalTimeoutSeconds {
        public static final int MIN = 60;
        public static final int MAX = 86_400;
        public static final String MESSAGE =
                "between " + MIN + " seconds and " + MAX + " seconds (one day): people need time to answer";

        private ApprovalTimeoutSeconds() {}
    }

    /** A team's own blast-radius breaker: the percent of its monitors that may turn FAILED within the window. */
    public static final class BreakerSharePercent {
        public static final int MIN = 1;
        public static final int MAX = 100;

        private BreakerSharePercent() {}
    }

    /** A team's own blast-radius breaker: the seconds over which failures count together. */
    public static final class BreakerWindowSeconds {
        public static final int MIN = 10;
        public static final int MAX = 86_400;

        private BreakerWindowSeconds() {}
    }

    /** A team's own blast-radius breaker: how many disruptive runs may start within its runs window. */
    public static final class BreakerDisruptiveRuns {
        public static final int MIN = 1;
        public static final int MAX = 10_000;

        private BreakerDisruptiveRuns() {}
    }

    /** A team's own blast-radius breaker: the minutes of its runs window. */
    public static final class BreakerRunsMinutes {
        public static final int MIN = 1;
        public static final int MAX = 1_440;

        private BreakerRunsMinutes() {}
    }

    /** How many days back a replay folds stored results again (and at most as many as raw results are kept). */
    public static final class ReplayDays {
        public static final int MIN = 1;
        public static final int MAX = 366;

        private ReplayDays() {}
    }
}
