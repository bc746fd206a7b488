package io.cloudroutes.core.redis;

/**
 * The Redis key schema shared by every process, and the only place a key's name is spelled: every process, test and
 * script reaches a key through these constants and methods (a Lua script through {@code KEYS}, or a prefix from here
 * in {@code ARGV} when it finds its keys only as it runs). Keys are prefixed {@code cr:} so that one Redis can be
 * shared.
 *
 * <p>What each key holds, its type and TTL, and which process writes and reads it: the table "Redis keys" of
 * {@code docs/architecture.md}; {@code RedisKeysDocumentedTest} fails when a key this class can produce is missing
 * from it.
 */
public final class RedisKeys {

    public static final String PREFIX = "cr:";
    public static final String SCHEDULE = "cr:schedule";
    public static final String RESULTS_STREAM = "cr:results";
    public static final String RESULTS_GROUP = "actioners";
    public static final String RESULTS_STREAM_FIELD = "result";
    public static final String MAIL_MODE = "cr:system:mail";
    /** Written at the end of every rebuild; its absence means Redis lost its data since. */
    public static final String EPOCH = "cr:system:epoch";
    /** Present while live state is being rebuilt after Redis lost its data; crweb shows it. */
    public static final String REBUILDING = "cr:system:rebuilding";
    /**
     * Present while the rebuild with this token runs; written at its start. Gone at its end only when Redis lost its
     * data meanwhile.
     */
    public static String rebuildGuard(String token) {
        return "cr:system:rebuild:" + token;
    }

    /** Present while a control holds checks back because results wait to be folded; crweb shows it. */
    public static final String CHECKS_DELAYED = "cr:system:checks-delayed";

    public static final String HEARTBEAT_DEADLINES = "cr:heartbeat:deadlines";
    /**
     * Decisions (a transition, or a count of an episode that can make a reaction due) folded but not yet written to
     * PostgreSQL: sorted set of decision JSON scored by {@link #DECISIONS_SEQUENCE}, written by the fold script.
     */
    public static final String DECISIONS_PENDING = "cr:decisions:pending";

    public static final String DECISIONS_SEQUENCE = "cr:decisions:seq";
    /** Decisions PostgreSQL kept refusing (their data, not its availability): a list, for a person to look at. */
    public static final String DECISIONS_REFUSED = "cr:decisions:refused";
    /** The actioner that drains the pending decisions now: one at a time keeps each monitor's decisions in order. */
    public static final String DECISIONS_DRAINER = "cr:decisions:drainer";

    public static final String MONITOR_DEFINITION_FIELD = "definition";
    public static final String MONITOR_INTERVAL_FIELD = "intervalSeconds";
    public static final int RECENT_RESULTS = 50;
    /** How many deliveries each of a monitor's two delivery lists keeps. */
    public static final int RECENT_DELIVERIES = 50;

    private RedisKeys() {}

    /**
     * The prefix of every monitor's key, {@link #monitor}: {@code claim-due.lua} gets it to read the definitions of
     * the monitors it claims, which it knows only once it has claimed them.
     */
    public static final String MONITOR_PREFIX = "cr:monitor:";

    public static String monitor(long monitorId) {
        return MONITOR_PREFIX + monitorId;
    }

    /** Every monitor's key, for SCAN MATCH. */
    public static String monitorPattern() {
        return MONITOR_PREFIX + "*";
    }

    public static String state(long monitorId) {
        return "cr:state:" + monitorId;
    }

    public static String recent(long monitorId) {
        return "cr:recent:" + monitorId;
    }

    /**
     * When crweb last accepted a heartbeat ping for the monitor (epoch ms, a string), written together with the ping's
     * result; lets the actioner tell a missed ping from one accepted but not folded yet.
     */
    public static String heartbeatLastPing(long monitorId) {
        return "cr:heartbeat:ping:" + monitorId;
    }

    /**
     * Set of the ids of the monitor's reactions that acted on its failure and must undo it when it recovers, as
     * versions before reaction jobs kept it; the actioner now derives the restore set from PostgreSQL and takes this
     * one over at the monitor's next recovery.
     */
    public static String restore(long monitorId) {
        return "cr:restore:" + monitorId;
    }

    /**
     * Set of the ids of the monitor's reactions on both changes ({@code callOn BOTH}) that told of its failure and
     * have not told of its recovery yet.
     */
    public static String recoveryNotices(long monitorId) {
        return "cr:recovery-notice:" + monitorId;
    }

    public static String alerts(long monitorId) {
        return "cr:alerts:" + monitorId;
    }

    public static String delivery(long monitorId, String deliveryId) {
        return "cr:delivery:" + monitorId + ":" + deliveryId;
    }

    /**
     * Exists while the monitor is in a maintenance window, holding when the window ends (epoch ms) and expiring then:
     * the fold keeps the monitor's status while it exists. Written by every actioner from PostgreSQL's windows.
     */
    public static String maintenance(long monitorId) {
        return "cr:maintenance:" + monitorId;
    }

    /**
     * Sorted set of the monitors held in maintenance, scored by when their window ends (epoch ms): the actioners
     * re-evaluate each at once when its window is over.
     */
    public static final String MAINTENANCE_ENDS = "cr:maintenance-ends";

    /**
     * Hash of the notices sent while a monitor flaps, one field {@code {monitorId}:{reactionId}} per notify reaction,
     * valued {@code {jobId}:{epochMillis}}: the run that told of the flapping, and when. Set once (HSETNX, so one
     * actioner's run wins); later runs of the same flapping spell are not sent. The actioners remove a monitor's
     * fields once it is stable again.
     */
    public static final String FLAP_NOTICES = "cr:flap-notices";

    /**
     * When each worker zone was last heard (epoch ms, the actioners' clock): field {@code {zone}:vote} for its last
     * voting result, {@code {zone}:canary} for its last result abstaining because it cannot reach its canary. The
     * breaker reads it to tell whether CloudRoutes' own checkers look broken.
     */
    public static final String ZONES_SEEN = "cr:zones:seen";

    /**
     * The prefix of a replay's scratch copy of one monitor's fold keys ({@code state}, {@code recent}, {@code seen:…},
     * …, each expiring): the actioner folds stored results into them with the live fold script, never into the live
     * keys.
     */
    public static String replay(String token) {
        return PREFIX + "replay:" + token + ":";
    }

    /** Marks a result as folded (set by the actioner's fold, with a TTL): a redelivery of it is not folded again. */
    public static String seen(String resultId) {
        return "cr:seen:" + resultId;
    }

    /** The latest deliveries to a pushed monitor whose sender presented the monitor's secret. */
    public static String deliveries(long monitorId) {
        return "cr:deliveries:" + monitorId;
    }

    /** The latest deliveries to a pushed monitor that were refused before their sender was authenticated. */
    public static String refusedDeliveries(long monitorId) {
        return "cr:deliveries:refused:" + monitorId;
    }

    /**
     * crweb's record of failed log-ins (or refused API keys) of one subject: {@code kind} says what the subject is
     * (e.g. {@code account}, {@code address}), {@code subject} is its hash or address.
     */
    public static String throttle(String kind, String subject) {
        return "cr:throttle:" + kind + ":" + subject;
    }

    /** The uses of {@code what} (e.g. {@code emails}) by one team within its rate window. */
    public static String rateWindow(String what, long teamId) {
        return "cr:rate:" + what + ":" + teamId;
    }

    /** Every rate window of every account, for SCAN MATCH. */
    public static String rateWindowPattern() {
        return "cr:rate:*";
    }

    public static String reactionLock(long monitorId, long reactionId) {
        return "cr:reaction-lock:" + monitorId + ":" + reactionId;
    }

    /** Every reaction lock of one monitor, for SCAN MATCH. */
    public static String reactionLocksOf(long monitorId) {
        return "cr:reaction-lock:" + monitorId + ":*";
    }

    /** Fields of the {@code cr:state:{id}} hash. */
    public static final class StateField {
        public static final String STATUS = "status";
        public static final String SINCE = "since";
        public static final String HELD_FOR = "heldFor";
        /** The id of the result that began the current episode: with the monitor, the key of its decisions. */
        public static final String EPISODE = "episode";
        /** Comma-separated zones that have reported; each has fields {@code z:<zone>:status|failures|successes|at|reason}. */
        public static final String ZONES = "zones";

        public static final String REASON = "reason";
        public static final String ZONE = "zone";
        public static final String LAST_CHECKED_AT = "lastCheckedAt";
        public static final String LAST_LATENCY_MILLIS = "lastLatencyMillis";
        /** {@code 1} while the monitor is flapping (changing status too often), else {@code 0} or missing. */
        public static final String FLAPPING = "flapping";
        /** The times (ms, comma-separated, oldest first) of its last status changes within the flap window. */
        public static final String FLAP_TRANSITIONS = "flapTransitions";
        /** The flap window (ms) the fold used when it last wrote {@link #FLAPPING}. */
        public static final String FLAP_WINDOW = "flapWindow";

        /** The field of one zone's part of the state, e.g. {@code zone("eu-west", "status")}. */
        public static String zone(String zone, String field) {
            return "z:" + zone + ":" + field;
        }

        private StateField() {}
    }
}
